using Google.Protobuf;

namespace Kite.Protocol.Grpc.Client;

public sealed partial class GrpcCall<TRequest, TResponse>
{
    private sealed class ResponseReader(GrpcCall<TRequest, TResponse> call) : IGrpcStreamReader<TResponse>
    {
        public TResponse Current => call._reader?.Current ?? throw new InvalidOperationException("MoveNextAsync has not returned true");

        public ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken = default) => call.MoveNextCoreAsync(cancellationToken);
    }

    private sealed class RequestWriter(GrpcCall<TRequest, TResponse> call) : IGrpcClientStreamWriter<TRequest>
    {
        private bool _completed;

        public async ValueTask WriteAsync(TRequest message, CancellationToken cancellationToken = default)
        {
            GrpcPushContent push = call._push ?? throw new InvalidOperationException($"{call._method.Path} is not a client-streaming call");
            if (call._status is GrpcStatus ended)
                throw ended.IsOk ? new InvalidOperationException("the call has already finished") : new GrpcException(ended) { Trailers = call._trailers };
            if (_completed)
                throw new InvalidOperationException("the request stream was already completed");
            Stream stream;
            try
            {
                stream = await push.StreamTask.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (GrpcException)
            {
                // The call already ended: report its status.
                throw new GrpcException(call._status ?? new GrpcStatus(GrpcStatusCode.Unknown, "call ended")) { Trailers = call._trailers };
            }
            try
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, call._call.Token);
                await GrpcMessageWriter.WriteAsync(stream, message, call._channelOptions.MaxSendMessageSize, linked.Token).ConfigureAwait(false);
            }
            catch (GrpcException e) when (e.StatusCode == GrpcStatusCode.ResourceExhausted && call._status is null)
            {
                throw;
            }
            catch (Exception e) when (e is not GrpcException)
            {
                if (cancellationToken.IsCancellationRequested && !call._call.IsCancellationRequested)
                    throw;
                throw call.Fail(e);
            }
        }

        public ValueTask CompleteAsync()
        {
            _completed = true;
            call._push?.Complete();
            return ValueTask.CompletedTask;
        }
    }
}
