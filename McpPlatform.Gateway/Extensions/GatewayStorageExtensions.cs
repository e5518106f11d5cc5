using McpPlatform.Gateway.Admin;
using McpPlatform.Gateway.Audit;
using McpPlatform.Gateway.Keys;
using McpPlatform.Gateway.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The gateway's own database and what lives in it: virtual keys (<see cref="VirtualKeyRepository"/>, followed in memory
/// by <see cref="VirtualKeyCache"/>) and the audit log (<see cref="AuditLog"/>, <see cref="AuditRepository"/>), plus the
/// admin settings. Everything is registered either way; the database's hosted services and readiness check only when
/// <c>ConnectionStrings:gatewaydb</c> is set, otherwise the stores refuse with "not configured" and nothing is recorded.
/// </summary>
internal static class GatewayStorageExtensions
{
    /// <summary>Commands too frequent to trace: the key feed's version poll and the readiness probe.</summary>
    private static readonly string[] UntracedCommands = ["SELECT version FROM virtual_keys_version", "SELECT 1"];

    public static IHostApplicationBuilder AddGatewayStorage(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        AddSettings<GatewayDatabaseOptions>(builder, GatewayDatabaseOptions.SectionName, options => options.Errors());
        AddSettings<VirtualKeyOptions>(builder, VirtualKeyOptions.SectionName, options => options.Errors());
        AddSettings<AuditOptions>(builder, AuditOptions.SectionName, options => options.Errors());
        AddSettings<AdminOptions>(builder, AdminOptions.SectionName, options => options.Errors());
        services.TryAddSingleton(TimeProvider.System);

        var configured = !string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(GatewayDatabaseOptions.ConnectionName));
        if (configured)
        {
            builder.AddKeyedNpgsqlDataSource(
                GatewayDatabaseOptions.ConnectionName,
                // Our own readiness check says why the database is not usable (Aspire's would only say that it is not).
                settings => settings.DisableHealthChecks = true,
                dataSource => dataSource.ConfigureTracing(tracing =>
                    tracing.ConfigureCommandFilter(command => !UntracedCommands.Contains(command.CommandText, StringComparer.Ordinal))));
        }

        services.TryAddSingleton(provider => new GatewayDatabase(
            configured ? provider.GetRequiredKeyedService<NpgsqlDataSource>(GatewayDatabaseOptions.ConnectionName) : null));
        services.TryAddSingleton<VirtualKeyRepository>();
        services.TryAddSingleton<VirtualKeyCache>();
        services.TryAddSingleton<AuditRepository>();
        services.TryAddSingleton<AuditMetrics>();
        services.TryAddSingleton(provider => new AuditLog(
            configured,
            provider.GetRequiredService<IOptions<AuditOptions>>(),
            provider.GetRequiredService<AuditMetrics>(),
            provider.GetRequiredService<TimeProvider>()));
        if (!configured)
        {
            return builder;
        }

        services.AddHostedService<DatabaseStartup>();
        services.AddHostedService<VirtualKeyFeed>();
        services.AddHostedService<AuditWriter>();
        services.AddHostedService<AuditRetention>();
        services.AddHealthChecks()
            .AddCheck<GatewayDatabaseHealthCheck>(GatewayDatabaseHealthCheck.Name)
            .AddCheck<AuditHealthCheck>(AuditHealthCheck.Name);
        return builder;
    }

    private static void AddSettings<TOptions>(IHostApplicationBuilder builder, string section, Func<TOptions, IEnumerable<string>> errors)
        where TOptions : class
    {
        builder.Services.AddOptions<TOptions>().Bind(builder.Configuration.GetSection(section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TOptions>>(new SettingsValidator<TOptions>(errors));
    }
}
