using System.Buffers.Binary;
using System.IO.Compression;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Kite.Protocol.Grpc;

namespace Kite.Agent.Tests.Grpc;

public sealed class GrpcFramingTests
{
    private const int Limit = 64;

    /// <summary>Returns at most <c>chunk</c> bytes per read, like a network that splits frames anywhere.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(chunk, buffer.Length)], cancellationToken);
    }

    private static byte[] Frames(params byte[][] frames) => frames.SelectMany(f => f).ToArray();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task MessagesSplitAcrossReadsAreReassembled(int chunk)
    {
        byte[] a = new StringValue { Value = "first" }.ToByteArray();
        byte[] b = new StringValue { Value = "second message" }.ToByteArray();
        var reader = new GrpcMessageReader(new TrickleStream(Frames(GrpcMessageWriter.Frame(a), GrpcMessageWriter.Frame([]), GrpcMessageWriter.Frame(b)), chunk), Limit);

        Assert.Equal(a, await reader.ReadMessageAsync(default));
        Assert.Empty((await reader.ReadMessageAsync(default))!);
        Assert.Equal(b, await reader.ReadMessageAsync(default));
        Assert.Null(await reader.ReadMessageAsync(default));
        Assert.Equal(3, reader.MessagesRead);
    }

    [Fact]
    public async Task MessageOverTheLimitIsResourceExhaustedBeforeItsBodyIsRead()
    {
        byte[] header = new byte[5];
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), Limit + 1);
        var reader = new GrpcMessageReader(new MemoryStream(header), Limit);
        var e = await Assert.ThrowsAsync<GrpcException>(() => reader.ReadMessageAsync(default).AsTask());
        Assert.Equal(GrpcStatusCode.ResourceExhausted, e.StatusCode);
    }

    [Fact]
    public async Task HugeDeclaredLengthIsRejectedWithoutAllocating()
    {
        byte[] header = [0, 0xFF, 0xFF, 0xFF, 0xFF];
        var reader = new GrpcMessageReader(new MemoryStream(header), GrpcProtocol.DefaultMaxReceiveMessageSize);
        var e = await Assert.ThrowsAsync<GrpcException>(() => reader.ReadMessageAsync(default).AsTask());
        Assert.Equal(GrpcStatusCode.ResourceExhausted, e.StatusCode);
    }

    [Theory]
    [InlineData(new byte[] { 0 })]
    [InlineData(new byte[] { 0, 0, 0, 0 })]
    [InlineData(new byte[] { 0, 0, 0, 0, 10, 1, 2, 3 })]
    public async Task TruncatedFrameIsInternal(byte[] bytes)
    {
        var reader = new GrpcMessageReader(new TrickleStream(bytes, 2), Limit);
        var e = await Assert.ThrowsAsync<GrpcException>(() => reader.ReadMessageAsync(default).AsTask());
        Assert.Equal(GrpcStatusCode.Internal, e.StatusCode);
        Assert.Contains("truncated", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompressedFlagWithoutEncodingIsInternal()
    {
        var reader = new GrpcMessageReader(new MemoryStream(GrpcMessageWriter.Frame([1, 2, 3], compressed: true)), Limit);
        var e = await Assert.ThrowsAsync<GrpcException>(() => reader.ReadMessageAsync(default).AsTask());
        Assert.Equal(GrpcStatusCode.Internal, e.StatusCode);
        Assert.Contains("grpc-encoding", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidCompressedFlagIsInternal()
    {
        byte[] frame = GrpcMessageWriter.Frame([1]);
        frame[0] = 2;
        var reader = new GrpcMessageReader(new MemoryStream(frame), Limit);
        var e = await Assert.ThrowsAsync<GrpcException>(() => reader.ReadMessageAsync(default).AsTask());
        Assert.Equal(GrpcStatusCode.Internal, e.StatusCode);
    }

    [Fact]
    public async Task GzipMessagesAreDecompressedWithinTheLimit()
    {
        byte[] payload = new StringValue { Value = "compressed" }.ToByteArray();
        var reader = new GrpcMessageReader(new MemoryStream(GrpcMessageWriter.Frame(Gzip(payload), compressed: true)), Limit, "gzip");
        Assert.Equal(payload, await reader.ReadMessageAsync(default));
    }

    [Fact]
    public async Task GzipBombIsResourceExhausted()
    {
        byte[] bomb = Gzip(new byte[Limit * 100]);
        Assert.True(bomb.Length < Limit);
        var reader = new GrpcMessageReader(new MemoryStream(GrpcMessageWriter.Frame(bomb, compressed: true)), Limit, "gzip");
        var e = await Assert.ThrowsAsync<GrpcException>(() => reader.ReadMessageAsync(default).AsTask());
        Assert.Equal(GrpcStatusCode.ResourceExhausted, e.StatusCode);
    }

    [Fact]
    public async Task WriterPrefixesCompressedFlagAndBigEndianLength()
    {
        var message = new StringValue { Value = new string('a', 300) };
        var stream = new MemoryStream();
        await GrpcMessageWriter.WriteAsync(stream, message, int.MaxValue, default);
        byte[] bytes = stream.ToArray();
        Assert.Equal(0, bytes[0]);
        Assert.Equal((uint)message.CalculateSize(), BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1)));
        Assert.Equal(message.ToByteArray(), bytes[5..]);
    }

    [Fact]
    public async Task WriterRefusesMessagesOverItsLimit()
    {
        var e = await Assert.ThrowsAsync<GrpcException>(() => GrpcMessageWriter.WriteAsync(new MemoryStream(), new StringValue { Value = "too long" }, 4, default).AsTask());
        Assert.Equal(GrpcStatusCode.ResourceExhausted, e.StatusCode);
    }

    [Theory]
    [InlineData("plain ascii", "plain ascii")]
    [InlineData("100%", "100%25")]
    [InlineData("line\nbreak", "line%0Abreak")]
    [InlineData("ünï", "%C3%BCn%C3%AF")]
    public void StatusMessageIsPercentEncodedBothWays(string text, string encoded)
    {
        Assert.Equal(encoded, GrpcStatusMessage.Encode(text));
        Assert.Equal(text, GrpcStatusMessage.Decode(encoded));
    }

    [Fact]
    public void MalformedPercentEscapesAreKeptAsTheyAre() => Assert.Equal("50%zz%4", GrpcStatusMessage.Decode("50%zz%4"));

    [Theory]
    [InlineData("1H", 36_000_000_000L)]
    [InlineData("2M", 1_200_000_000L)]
    [InlineData("3S", 30_000_000L)]
    [InlineData("250m", 2_500_000L)]
    [InlineData("1500u", 15_000L)]
    [InlineData("100n", 1L)]
    [InlineData("99999999S", 999_999_990_000_000L)]
    public void TimeoutUnitsParse(string text, long ticks)
    {
        Assert.True(GrpcTimeout.TryParse(text, out TimeSpan timeout));
        Assert.Equal(ticks, timeout.Ticks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("10")]
    [InlineData("10x")]
    [InlineData("-1S")]
    [InlineData("123456789S")]
    public void MalformedTimeoutsAreRejected(string text) => Assert.False(GrpcTimeout.TryParse(text, out _));

    [Theory]
    [InlineData(0.000001)]
    [InlineData(0.25)]
    [InlineData(30)]
    [InlineData(86_400)]
    [InlineData(31_536_000_000)]
    public void FormattedTimeoutsRoundTripWithoutShrinking(double seconds)
    {
        TimeSpan timeout = TimeSpan.FromSeconds(seconds);
        string text = GrpcTimeout.Format(timeout);
        Assert.InRange(text.Length, 2, 9);
        Assert.True(GrpcTimeout.TryParse(text, out TimeSpan parsed));
        Assert.True(parsed >= timeout, $"{text} -> {parsed} < {timeout}");
    }

    [Theory]
    [InlineData("application/grpc", true)]
    [InlineData("application/grpc+proto", true)]
    [InlineData("application/grpc; charset=utf-8", true)]
    [InlineData("application/grpc+json", false)]
    [InlineData("application/json", false)]
    [InlineData(null, false)]
    public void ContentTypeIsRecognized(string? contentType, bool expected) => Assert.Equal(expected, GrpcProtocol.IsGrpcContentType(contentType));

    private static byte[] Gzip(byte[] data)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
            gzip.Write(data);
        return output.ToArray();
    }
}
