using System.Diagnostics;
using McpPlatform.Gateway.Tests.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace McpPlatform.Gateway.Tests.Telemetry;

/// <summary>
/// Spans and metrics of MCP requests through the whole gateway pipeline, caught by OpenTelemetry's in-memory exporter:
/// a server span per request with a client span per upstream call under it, the semantic conventions' attributes, key
/// ids and never key material; counters and histogram by outcome for a call, an error and a refusal. Other tests' gateways
/// run in this process too: what is asserted is told apart by this test's own key and server names.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class TelemetryTests
{
    private const string OwnKey = "telemetry-test-key-0123456789abc";

    [Fact]
    public async Task CallErrorAndRefusal_GiveSpansAndMetrics_WithKeyIdsNeverKeys()
    {
        var spans = new ExportedSpans();
        var metrics = new List<Metric>();
        var down = new FakeUpstream("otel_down");
        await using var gateway = await GatewayHost.StartAsync(
            [new FakeUpstream("otel_up"), down],
            new Dictionary<string, string?> { ["Gateway:Keys:otel:Key"] = OwnKey, ["Gateway:Keys:otel:Servers:0"] = "*" },
            // Always on: the test has no ASP.NET Core instrumentation, so the HTTP request's own activity (the parent) is not
            // sampled, and the default parent-based sampler would drop its children. The service defaults sample it.
            configure: builder => builder.Services.AddOpenTelemetry()
                .WithTracing(tracing => tracing.SetSampler(new AlwaysOnSampler()).AddSource("McpPlatform.*").AddInMemoryExporter(spans))
                .WithMetrics(meters => meters.AddMeter("McpPlatform.*").AddInMemoryExporter(metrics)));
        await using var client = await gateway.ConnectAsync(key: OwnKey);
        await AuditedGateway.WaitForToolAsync(client, "otel_down-echo"); // listed (on a loaded machine a first listing may miss the list deadline)
        down.Crash();

        await client.CallToolAsync("otel_up-echo", new Dictionary<string, object?> { ["text"] = "hi" });
        var failed = await client.CallToolAsync("otel_down-echo");
        await Assert.ThrowsAsync<McpProtocolException>(() => client.CallToolAsync("otel_up-nothing").AsTask());

        Assert.True(failed.IsError);
        var all = await spans.WaitForAsync(ended => ended.Count(span => span.Kind == ActivityKind.Server && Tag(span, "mcp.session.id") == client.SessionId && span.DisplayName.StartsWith("tools/call", StringComparison.Ordinal)) >= 3);

        var server = all.Where(span => span.Kind == ActivityKind.Server && Tag(span, "mcp.session.id") == client.SessionId).ToList();
        var ours = all.Where(span => server.Contains(span) || server.Any(parent => parent.SpanId == span.ParentSpanId)).ToList();
        var call = Assert.Single(server, span => span.DisplayName == "tools/call echo" && Tag(span, "mcpplatform.server") == "otel_up");
        Assert.Equal(("tools/call", "echo", "execute_tool", "config:otel", "ok"), (Tag(call, "mcp.method.name"), Tag(call, "gen_ai.tool.name"), Tag(call, "gen_ai.operation.name"), Tag(call, "mcpplatform.key.id"), Tag(call, "mcpplatform.outcome")));
        Assert.NotEqual(ActivityStatusCode.Error, call.Status);
        var upstream = Assert.Single(ours, span => span.ParentSpanId == call.SpanId);
        Assert.Equal((ActivityKind.Client, "tools/call echo", "otel_up"), (upstream.Kind, upstream.DisplayName, Tag(upstream, "mcpplatform.server")));
        Assert.Equal(call.TraceId, upstream.TraceId);

        var error = Assert.Single(server, span => Tag(span, "mcpplatform.server") == "otel_down");
        Assert.Equal(("error", "unavailable", ActivityStatusCode.Error), (Tag(error, "mcpplatform.outcome"), Tag(error, "error.type"), error.Status));

        var refused = Assert.Single(server, span => Tag(span, "mcpplatform.outcome") == "refused");
        Assert.Equal("tools/call", refused.DisplayName); // a name the client chose never names a span
        Assert.Equal(("unknown_tool", "unknown_tool"), (Tag(refused, "mcpplatform.refusal.reason"), Tag(refused, "error.type")));
        Assert.DoesNotContain(ours, span => span.ParentSpanId == refused.SpanId);
        Assert.Contains(server, span => span.DisplayName == "tools/list");

        gateway.Services.GetRequiredService<MeterProvider>().ForceFlush();
        var points = Points(metrics);
        Assert.Contains(points, p => p.Name == "mcpplatform.gateway.requests" && p.Tags["mcpplatform.key.id"] == "config:otel" && p.Tags["mcpplatform.server"] == "otel_up" && p.Tags["mcpplatform.outcome"] == "ok" && p.Value >= 1);
        Assert.Contains(points, p => p.Name == "mcpplatform.gateway.request.duration" && p.Tags["mcpplatform.server"] == "otel_up" && p.Tags.GetValueOrDefault("gen_ai.tool.name") == "echo" && p.Value == 1);
        Assert.Contains(points, p => p.Name == "mcpplatform.gateway.errors" && p.Tags["mcpplatform.server"] == "otel_down" && p.Tags["error.type"] == "unavailable" && p.Value == 1);
        Assert.Contains(points, p => p.Name == "mcpplatform.gateway.refusals" && p.Tags["mcpplatform.key.id"] == "config:otel" && p.Tags["mcpplatform.refusal.reason"] == "unknown_tool" && p.Value == 1);
        Assert.Contains(points, p => p.Name == "mcpplatform.gateway.sessions.active" && p.Value >= 1);

        // No key material anywhere: not in span names or attributes, not in metric tags.
        string[] everything = [.. spans.Snapshot().SelectMany(span => span.TagObjects.Select(tag => $"{tag.Key}={tag.Value}").Append(span.DisplayName).Append(span.StatusDescription ?? string.Empty)), .. points.SelectMany(p => p.Tags.Values)];

        Assert.DoesNotContain(everything, text => text.Contains(OwnKey, StringComparison.Ordinal) || text.Contains(GatewayHost.Key, StringComparison.Ordinal) || text.Contains(GatewayHost.NarrowKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task UpstreamCall_CarriesTheGatewaysUpstreamSpanAsTraceparentInMeta()
    {
        var spans = new ExportedSpans();
        var upstream = new FakeUpstream("otel_trace");
        await using var gateway = await GatewayHost.StartAsync(
            [upstream],
            new Dictionary<string, string?> { ["Gateway:Keys:otel:Key"] = OwnKey, ["Gateway:Keys:otel:Servers:0"] = "*" },
            configure: builder => builder.Services.AddOpenTelemetry()
                .WithTracing(tracing => tracing.SetSampler(new AlwaysOnSampler()).AddSource("McpPlatform.*").AddInMemoryExporter(spans)));
        await using var client = await gateway.ConnectAsync(key: OwnKey);

        await client.CallToolAsync("otel_trace-echo", new Dictionary<string, object?> { ["text"] = "traced" });

        var traceparent = Assert.Single(upstream.TraceParents);
        Assert.NotNull(traceparent);
        var parts = traceparent.Split('-'); // version-traceid-parentid-flags
        var all = await spans.WaitForAsync(ended => ended.Any(span => span.Kind == ActivityKind.Server && Tag(span, "mcp.session.id") == client.SessionId && span.DisplayName == "tools/call echo"));
        var request = Assert.Single(all, span => span.Kind == ActivityKind.Server && Tag(span, "mcp.session.id") == client.SessionId && span.DisplayName == "tools/call echo");
        var call = Assert.Single(all, span => span.Kind == ActivityKind.Client && span.ParentSpanId == request.SpanId);
        Assert.Equal(request.TraceId.ToHexString(), parts[1]); // the upstream's work is in the gateway request's trace
        Assert.Equal(call.SpanId.ToHexString(), parts[2]); // under the gateway's span of that upstream call
    }

    private static string? Tag(Activity activity, string name) => activity.GetTagItem(name)?.ToString();

    /// <summary>Every point of every exported metric stream: sums as their value, histograms as their count.</summary>
    private static List<(string Name, Dictionary<string, string> Tags, double Value)> Points(List<Metric> metrics)
    {
        var points = new List<(string, Dictionary<string, string>, double)>();
        // Every exported stream, not the last per name: gateways of other tests running beside this one have meters of the
        // same names, each its own stream (the last one of a name may be theirs); the tags tell this test's points apart.
        foreach (var metric in metrics.ToArray())
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var tags = new Dictionary<string, string>();
                foreach (var tag in point.Tags)
                {
                    tags[tag.Key] = tag.Value?.ToString() ?? string.Empty;
                }

                double value = metric.MetricType switch
                {
                    MetricType.Histogram => point.GetHistogramCount(),
                    MetricType.LongSum or MetricType.LongSumNonMonotonic => point.GetSumLong(),
                    MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic => point.GetSumDouble(),
                    _ => double.NaN,
                };
                points.Add((metric.Name, tags, value));
            }
        }

        return points;
    }
}
