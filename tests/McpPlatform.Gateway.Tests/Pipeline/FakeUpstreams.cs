using McpPlatform.Gateway.Configuration;
using McpPlatform.Gateway.Upstreams;
using ModelContextProtocol.Client;

namespace McpPlatform.Gateway.Tests.Pipeline;

/// <summary>The gateway's upstream transports in the pipeline tests: every server is a <see cref="FakeUpstream"/>.</summary>
internal sealed class FakeUpstreams(IReadOnlyDictionary<string, FakeUpstream> servers) : IUpstreamTransports
{
    public IClientTransport Create(string server, UpstreamServerOptions options) => servers[server].Transport();
}
