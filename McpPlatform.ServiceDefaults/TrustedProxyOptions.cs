using System.Net;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The reverse proxies allowed to speak for clients through <c>X-Forwarded-For</c> / <c>X-Forwarded-Proto</c>
/// (section <c>ForwardedHeaders</c>). Empty (the default): forwarded headers are ignored, so a client on the LAN
/// cannot claim another address (<c>X-Forwarded-For: 127.0.0.1</c>) and every log line shows the socket's peer.
/// </summary>
public sealed class TrustedProxyOptions
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>Addresses of the proxies in front of this service, e.g. <c>10.0.0.5</c> or <c>::1</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks the proxies sit in, in CIDR notation, e.g. <c>172.18.0.0/16</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>Whether any proxy is trusted at all.</summary>
    public bool TrustsAnyProxy => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    internal IEnumerable<IPAddress> ProxyAddresses() => KnownProxies.Select(IPAddress.Parse);

    internal IEnumerable<IPNetwork> ProxyNetworks() => KnownNetworks.Select(network => IPNetwork.Parse(network));
}

/// <summary>Refuses to start with an entry that is not an address or network, or a network that trusts everyone.</summary>
internal sealed class TrustedProxyOptionsValidator : IValidateOptions<TrustedProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, TrustedProxyOptions options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.KnownProxies.Count; i++)
        {
            if (!IPAddress.TryParse(options.KnownProxies[i], out _))
            {
                errors.Add($"{TrustedProxyOptions.SectionName}:KnownProxies:{i} '{options.KnownProxies[i]}' is not an IP address.");
            }
        }

        for (var i = 0; i < options.KnownNetworks.Count; i++)
        {
            if (!IPNetwork.TryParse(options.KnownNetworks[i], out var network))
            {
                errors.Add($"{TrustedProxyOptions.SectionName}:KnownNetworks:{i} '{options.KnownNetworks[i]}' is not a network in CIDR notation (e.g. 172.18.0.0/16).");
            }
            else if (network.PrefixLength == 0)
            {
                // A /0 network would let every client claim any address again: the hole this setting closes.
                errors.Add($"{TrustedProxyOptions.SectionName}:KnownNetworks:{i} '{options.KnownNetworks[i]}' trusts every client: name the proxy's own address or network.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
