using McpPlatform.Gateway.Apis;
using McpPlatform.Gateway.Configuration;
using McpPlatform.Gateway.Upstreams;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.AdminPage.Pages;

/// <summary><c>/admin</c>: every configured server with its health and tool count (<see cref="ServersApi"/>'s status).</summary>
internal sealed class IndexModel(ServerDirectory directory, UpstreamPool upstreams, IOptions<GatewayOptions> options) : PageModel
{
    public IReadOnlyList<UpstreamStatus> Servers { get; private set; } = [];

    public IReadOnlyList<string> Disabled { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Servers = await ServersApi.StatusAsync(directory.EnabledServers.Select(upstreams.Get).OfType<Upstream>(), options.Value.ListDeadline, cancellationToken);
        Disabled = [.. directory.Servers.Where(pair => !pair.Value.Enabled).Select(pair => pair.Key).Order(StringComparer.Ordinal)];
    }
}
