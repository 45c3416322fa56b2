using Google.Protobuf;

namespace Kite.Protocol.Grpc;

/// <summary>Parses each frame of a <see cref="GrpcMessageReader"/> into a protobuf message.</summary>
internal sealed class GrpcMessageStreamReader<T> : IGrpcStreamReader<T>
    where T : class, IMessage<T>
{
    private readonly GrpcMessageReader _reader;
    private readonly MessageParser<T> _parser;
    private T? _current;

    public GrpcMessageStreamReader(GrpcMessageReader reader, MessageParser<T> parser)
    {
        _reader = reader;
        _parser = parser;
    }

    public T Current => _current ?? throw new InvalidOperationException("MoveNextAsync has not returned true");

    public bool Completed { get; private set; }

    public async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken = default)
    {
        if (Completed)
            return false;
        byte[]? payload = await _reader.ReadMessageAsync(cancellationToken).ConfigureAwait(false);
        if (payload is null)
        {
            Completed = true;
            _current = null;
            return false;
        }
        _current = GrpcMessageParsing.Parse(_parser, payload);
        return true;
    }
}
