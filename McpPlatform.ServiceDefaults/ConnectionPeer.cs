using System.Net;
using Microsoft.AspNetCore.Http;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The peer of a request as the socket reported it, recorded before forwarded headers are applied (the forwarded-headers
/// middleware rewrites <c>HttpContext.Connection.RemoteIpAddress</c> and the connection feature behind it). Access
/// decisions about "this machine" read this, never the forwarded address.
/// </summary>
public sealed class ConnectionPeer
{
    // Headers a proxy adds when it relays someone else's request.
    private static readonly string[] RelayHeaders = ["X-Forwarded-For", "Forwarded", "X-Real-IP"];

    private ConnectionPeer(IPAddress? socketAddress, bool relayed)
    {
        SocketAddress = socketAddress;
        Relayed = relayed;
    }

    /// <summary>The address of the other end of the TCP connection.</summary>
    public IPAddress? SocketAddress { get; }

    /// <summary>The request carried a forwarding header: whoever sent it over the socket speaks for another client.</summary>
    public bool Relayed { get; }

    /// <summary>
    /// A client on this machine talking to us directly: the socket's peer is a loopback address and the request was not
    /// relayed. A reverse proxy on the same host connects from loopback for every LAN client; the relay headers it adds
    /// keep those requests from counting as local.
    /// </summary>
    public bool IsDirectLoopback =>
        !Relayed && SocketAddress is { } address && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    /// <summary>Records the peer of <paramref name="context"/>; must run before anything rewrites its remote address.</summary>
    public static ConnectionPeer Record(HttpContext context)
    {
        var peer = new ConnectionPeer(context.Connection.RemoteIpAddress, RelayHeaders.Any(context.Request.Headers.ContainsKey));
        context.Features.Set(peer);
        return peer;
    }

    /// <summary>Whether the request comes straight from this machine. False when no peer was recorded (fail closed).</summary>
    public static bool IsDirectLoopbackRequest(HttpContext context) =>
        context.Features.Get<ConnectionPeer>()?.IsDirectLoopback == true;
}
