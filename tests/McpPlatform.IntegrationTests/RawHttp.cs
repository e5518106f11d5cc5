using System.Net.Sockets;
using System.Text;

namespace McpPlatform.IntegrationTests;

/// <summary>
/// HTTP/1.1 written by hand over a socket, for requests HttpClient refuses to send (a malformed chunked body). The
/// answer is read until the server closes the connection, as Kestrel does after a malformed request. (No half-close
/// to end a body early: the AppHost's endpoint proxy then drops the connection before the answer.)
/// </summary>
internal static class RawHttp
{
    public sealed record Response(int Status, string ContentType, string Body);

    public static async Task<Response> SendAsync(Uri endpoint, string request, CancellationToken cancellationToken)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(endpoint.Host, endpoint.Port, cancellationToken);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), cancellationToken);

        using var received = new MemoryStream();
        await stream.CopyToAsync(received, cancellationToken);
        return Parse(Encoding.UTF8.GetString(received.ToArray()));
    }

    private static Response Parse(string raw)
    {
        var headerEnd = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lines = raw[..headerEnd].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        string Header(string name) => lines.Skip(1)
            .Where(line => line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
            .Select(line => line[(name.Length + 1)..].Trim())
            .FirstOrDefault() ?? "";

        var body = raw[(headerEnd + 4)..];
        return new Response(status, Header("Content-Type"), Header("Transfer-Encoding") == "chunked" ? Unchunk(body) : body);
    }

    private static string Unchunk(string chunked)
    {
        var body = new StringBuilder();
        var position = 0;
        while (true)
        {
            var lineEnd = chunked.IndexOf("\r\n", position, StringComparison.Ordinal);
            var size = Convert.ToInt32(chunked[position..lineEnd].Split(';')[0], 16);
            if (size == 0)
            {
                return body.ToString();
            }

            body.Append(chunked, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }
    }
}
