using McpPlatform.Gateway.Configuration;

namespace McpPlatform.Gateway.Limits;

/// <summary>The start-time checks of <see cref="LimitOptions"/> and of every key's <see cref="KeyLimitOptions"/>.</summary>
internal static class LimitOptionsValidation
{
    public static IEnumerable<string> Errors(GatewayOptions options)
    {
        const string root = $"{GatewayOptions.SectionName}:Limits";
        var limits = options.Limits;
        foreach (var (name, value) in new[]
        {
            ("MaxSessionsPerKey", limits.MaxSessionsPerKey), ("MaxSessions", limits.MaxSessions),
            ("MaxUpstreamClientsPerKey", limits.MaxUpstreamClientsPerKey), ("MaxUpstreamClients", limits.MaxUpstreamClients),
            ("MaxPendingCallsPerKey", limits.MaxPendingCallsPerKey), ("MaxPendingCalls", limits.MaxPendingCalls),
        })
        {
            if (value < 1)
            {
                yield return $"{root}:{name} must be at least 1 (it was {value}).";
            }
        }

        if (limits.SessionIdleTimeout < TimeSpan.FromSeconds(1))
        {
            yield return $"{root}:SessionIdleTimeout must be at least 00:00:01.";
        }

        var callers = options.Keys.Select(pair => ($"{GatewayOptions.SectionName}:Keys:{pair.Key}:Limits", pair.Value.Limits))
            .Append(($"{GatewayOptions.SectionName}:Anonymous:Limits", options.Anonymous.Limits));
        foreach (var (path, own) in callers)
        {
            foreach (var (name, value) in new[] { ("MaxSessions", own.MaxSessions), ("MaxUpstreamClients", own.MaxUpstreamClients), ("MaxPendingCalls", own.MaxPendingCalls), ("RequestsPerMinute", own.RequestsPerMinute) })
            {
                if (value < 1)
                {
                    yield return $"{path}:{name} must be at least 1 (it was {value}); leave it unset for the default.";
                }
            }
        }
    }
}
