using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Forwarded headers from configured proxies only (<see cref="TrustedProxyOptions"/>), for every service in one place.
/// ASP.NET Core's own switch (<c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c>) trusts every sender; these options are
/// applied after it, so with the switch set and no proxy configured the headers are still ignored.
/// </summary>
public static class TrustedProxies
{
    public static TBuilder AddTrustedProxies<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<TrustedProxyOptions>()
            .Bind(builder.Configuration.GetSection(TrustedProxyOptions.SectionName))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TrustedProxyOptions>, TrustedProxyOptionsValidator>();

        // PostConfigure runs after the host's own (the switch's), whatever the registration order.
        builder.Services.AddOptions<ForwardedHeadersOptions>().PostConfigure<IOptions<TrustedProxyOptions>>((forwarded, trusted) =>
        {
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            if (!trusted.Value.TrustsAnyProxy)
            {
                // Empty known lists would mean "trust everyone" to the middleware: turn it off instead.
                forwarded.ForwardedHeaders = ForwardedHeaders.None;
                return;
            }

            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.ForwardLimit = null; // a chain of known proxies is walked until the first unknown address
            foreach (var address in trusted.Value.ProxyAddresses())
            {
                forwarded.KnownProxies.Add(address);
            }

            foreach (var network in trusted.Value.ProxyNetworks())
            {
                forwarded.KnownIPNetworks.Add(network);
            }
        });

        // First in the service collection, so first in the pipeline: the peer is recorded before any forwarded-headers
        // middleware (also the one the switch adds from its own startup filter) rewrites the remote address.
        builder.Services.Insert(0, ServiceDescriptor.Transient<IStartupFilter, TrustedProxiesStartupFilter>());
        return builder;
    }

    private sealed class TrustedProxiesStartupFilter(IOptions<TrustedProxyOptions> trusted) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                ConnectionPeer.Record(context);
                return nextMiddleware(context);
            });
            if (trusted.Value.TrustsAnyProxy)
            {
                app.UseForwardedHeaders();
            }

            next(app);
        };
    }
}
