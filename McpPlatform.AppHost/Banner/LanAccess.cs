using System.Net;

namespace Aspire.Hosting;

/// <summary>
/// Where the dev run's gateway listens: on every interface, so other machines on the LAN reach it, unless the
/// AppHost setting <c>Gateway:LocalhostOnly</c> is true. Its host name joins the allowed hosts for the run (the
/// published manifest keeps the parameter's value only: no machine name in it).
/// </summary>
internal static class LanAccess
{
    public const string LocalhostOnlySetting = "Gateway:LocalhostOnly";

    public static bool LocalhostOnly(IDistributedApplicationBuilder builder) =>
        bool.TryParse(builder.Configuration[LocalhostOnlySetting], out var localhostOnly) && localhostOnly;

    /// <summary>DCP's proxy binds every IPv4 interface for 0.0.0.0 (and loopback only for localhost).</summary>
    public static string TargetHost(IDistributedApplicationBuilder builder) => LocalhostOnly(builder) ? "localhost" : "0.0.0.0";

    /// <summary>This machine's name as LAN clients write it in URLs (lower case).</summary>
    public static string HostName() => Dns.GetHostName().ToLowerInvariant();

    /// <summary>The allowed hosts for the gateway: the parameter's, plus this machine's name in a LAN-facing dev run.</summary>
    public static ReferenceExpression AllowedHosts(IDistributedApplicationBuilder builder, IResourceBuilder<ParameterResource> allowedHosts) =>
        builder.ExecutionContext.IsRunMode && !LocalhostOnly(builder)
            ? ReferenceExpression.Create($"{allowedHosts.Resource};{HostName()}")
            : ReferenceExpression.Create($"{allowedHosts.Resource}");
}
