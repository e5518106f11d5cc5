namespace Aspire.Hosting;

/// <summary>
/// The LiteLLM config file of a dev run: the AppHost setting <c>Gateway:ConfigFile</c> (e.g.
/// <c>Gateway__ConfigFile=config.yaml ./run.sh</c>, relative to where the AppHost is started) is passed to the gateway
/// as its own <c>Gateway:ConfigFile</c>, made absolute. Run mode only: a published manifest holds no machine path (the
/// compose tree mounts <c>./config.yaml</c> instead, see <c>Publishing/ComposeTree.cs</c>).
/// </summary>
internal static class GatewayConfigFileExtensions
{
    public const string Setting = "Gateway:ConfigFile";

    public static IResourceBuilder<ProjectResource> WithGatewayConfigFile(this IResourceBuilder<ProjectResource> gateway, IDistributedApplicationBuilder builder)
    {
        if (!builder.ExecutionContext.IsRunMode || builder.Configuration[Setting] is not { Length: > 0 } configured)
        {
            return gateway;
        }

        var path = Path.GetFullPath(configured);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{Setting}: the LiteLLM config file '{path}' does not exist.");
        }

        return gateway.WithEnvironment("Gateway__ConfigFile", path);
    }
}
