using System.Threading.Channels;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Gateway.Upstreams;

/// <summary>
/// Wraps an upstream transport so that each message is seen, in the order it arrived, the moment the client's
/// session reads it. The SDK dispatches incoming messages concurrently, so a call's response can complete before
/// the handler of a progress notification sent just before it has run; tapping progress here, on the reading
/// loop, means every progress notification of a call is reported before its result is.
/// </summary>
internal sealed class ProgressTappingTransport(IClientTransport inner, Action<JsonRpcMessage> onRead) : IClientTransport
{
    public string Name => inner.Name;

    public async Task<ITransport> ConnectAsync(CancellationToken cancellationToken = default) =>
        new Tapped(await inner.ConnectAsync(cancellationToken), onRead);

    private sealed class Tapped(ITransport transport, Action<JsonRpcMessage> onRead) : ITransport
    {
        public string? SessionId => transport.SessionId;

        public ChannelReader<JsonRpcMessage> MessageReader { get; } = new TappedReader(transport.MessageReader, onRead);

        public Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default) =>
            transport.SendMessageAsync(message, cancellationToken);

        public ValueTask DisposeAsync() => transport.DisposeAsync();
    }

    private sealed class TappedReader(ChannelReader<JsonRpcMessage> reader, Action<JsonRpcMessage> onRead) : ChannelReader<JsonRpcMessage>
    {
        public override Task Completion => reader.Completion;

        public override bool TryRead(out JsonRpcMessage item)
        {
            if (!reader.TryRead(out item!))
            {
                return false;
            }

            onRead(item);
            return true;
        }

        public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) => reader.WaitToReadAsync(cancellationToken);
    }
}
