using System.Runtime.CompilerServices;

namespace Kite.Protocol.Grpc;

public static class GrpcStreamReaderExtensions
{
    /// <summary>Reads every remaining message (`await foreach`).</summary>
    public static async IAsyncEnumerable<T> ReadAllAsync<T>(this IGrpcStreamReader<T> reader, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await reader.MoveNextAsync(cancellationToken).ConfigureAwait(false))
            yield return reader.Current;
    }
}
