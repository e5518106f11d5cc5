using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Common services of every McpPlatform service: OpenTelemetry (OTLP), health checks,
/// service discovery, HTTP resilience, short JSON errors and forwarded headers from configured proxies only.
/// Mirrors Aspire's service-defaults template.
/// </summary>
public static class Extensions
{
    private const string HealthEndpointPath = "/health";
    private const string AlivenessEndpointPath = "/alive";

    /// <summary>Adds OpenTelemetry, default health checks, service discovery, resilient HTTP clients and safe errors.</summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.AddSafeErrors();
        builder.AddTrustedProxies();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        return builder;
    }

    /// <summary>Configures logs, traces and metrics, exported over OTLP when an endpoint is configured.</summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("McpPlatform.*"))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource("McpPlatform.*")
                .AddAspNetCoreInstrumentation(options =>
                    // Probes would drown real traffic in the trace view.
                    options.Filter = context =>
                        !context.Request.Path.StartsWithSegments(HealthEndpointPath)
                        && !context.Request.Path.StartsWithSegments(AlivenessEndpointPath))
                .AddHttpClientInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>Adds the liveness check tagged <c>live</c>; services add their readiness checks beside it.</summary>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> (every check) and <c>/alive</c> (liveness only), open to anyone (orchestrators probe them
    /// without credentials), also where a service requires authentication for every other endpoint.
    /// <paramref name="explainFailures"/>: when not healthy, the body of <c>/health</c> says which check failed and why
    /// (for services only operators reach).
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app, bool explainFailures = false)
    {
        app.MapHealthChecks(HealthEndpointPath, explainFailures ? new HealthCheckOptions { ResponseWriter = WriteHealthAsync } : new HealthCheckOptions())
            .AllowAnonymous();
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains("live"),
        }).AllowAnonymous();
        return app;
    }

    /// <summary>"Healthy" as the default writer says it; otherwise the status, then one line per failing check with its reason.</summary>
    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var failing = report.Entries.Where(entry => entry.Value.Status != HealthStatus.Healthy)
            .Select(entry => $"\n{entry.Key}: {entry.Value.Description ?? entry.Value.Exception?.Message ?? entry.Value.Status.ToString()}");
        return context.Response.WriteAsync(report.Status + string.Concat(failing));
    }
}
