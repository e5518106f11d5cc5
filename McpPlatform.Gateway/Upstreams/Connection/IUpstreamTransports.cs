using McpPlatform.Gateway.Configuration;
using ModelContextProtocol.Client;

namespace McpPlatform.Gateway.Upstreams;

/// <summary>
/// Makes the MCP client transport for an upstream server: where a new upstream transport is added. The gateway's is
/// <see cref="UpstreamTransports"/>; the pipeline tests put in-memory servers behind it.
/// </summary>
public interface IUpstreamTransports
{
    IClientTransport Create(string server, UpstreamServerOptions options);
}
