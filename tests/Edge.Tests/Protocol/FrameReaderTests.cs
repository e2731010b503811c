using Xunit;
using Edge.Core.Protocol;

namespace Edge.Tests.Protocol;

public class FrameReaderTests
{
    private static List<FrameStatus> PushAll(FrameReader reader, IEnumerable<byte> bytes)
    {
        var statuses = new List<FrameStatus>();
        foreach (byte b in bytes)
        {
            FrameStatus status = reader.Push(b);
            if (status != FrameStatus.NeedMore) statuses.Add(status);
        }
        return statuses;
    }

    [Fact]
    public void EmptyFramesAreIgnoredSilently()
    {
        var reader = new FrameReader();
        Assert.Empty(PushAll(reader, new byte[50]));
        byte[] frame = ProtocolReference.Frame(MessageType.Stats, 7, [1, 2, 3]);
        Assert.Equal([FrameStatus.Ok], PushAll(reader, new byte[] { 0, 0 }.Concat(frame).Concat(new byte[] { 0, 0, 0 })));
        Assert.Equal(0u, reader.FramesRejected);
    }

    [Fact]
    public void BadCrcKeepsTheHeaderSoTheDeviceCanAnswer()
    {
        byte[] payload = ProtocolReference.Payload(MessageType.Train, 0x1234, [9, 8, 7]);
        payload[^1] ^= 0x40;
        byte[] frame = ProtocolReference.CobsEncode(payload).Append((byte)0).ToArray();
        var reader = new FrameReader();
        Assert.Equal([FrameStatus.BadCrc], PushAll(reader, frame));
        Assert.True(reader.HasHeader);
        Assert.Equal(MessageType.Train, reader.Type);
        Assert.Equal((ushort)0x1234, reader.Sequence);
        Assert.Equal(0, reader.BodyLength);
        Assert.Equal(ErrorCode.BadCrc, ErrorCode.ForFrameStatus(FrameStatus.BadCrc));
        Assert.Equal(1u, reader.FramesRejected);
    }

    [Theory]
    [InlineData(new byte[] { 0x01 }, false)]                         // empty payload
    [InlineData(new byte[] { 0x03, 0x11, 0x22 }, false)]             // 2 bytes
    [InlineData(new byte[] { 0x05, 0x11, 0x22, 0x33, 0x44 }, true)]  // 4 bytes: header, half a CRC
    public void ShortPayloadsAreTruncated(byte[] encoded, bool hasHeader)
    {
        var reader = new FrameReader();
        Assert.Equal([FrameStatus.Truncated], PushAll(reader, encoded.Append((byte)0)));
        Assert.Equal(hasHeader, reader.HasHeader);
        if (hasHeader) Assert.Equal((ushort)0x3322, reader.Sequence);
    }

    [Fact]
    public void AnEndlessFrameIsDiscardedAndReportedOnceAsOversizeWithItsHeader()
    {
        var reader = new FrameReader();
        var body = Enumerable.Range(0, 1_000_000).Select(i => (byte)(1 + i % 255)).ToArray();
        byte[] payload = ProtocolReference.Payload(MessageType.PutWeights, 4321, body);
        byte[] encoded = ProtocolReference.CobsEncode(payload);
        Assert.Empty(PushAll(reader, encoded));
        Assert.Equal([FrameStatus.Oversize], PushAll(reader, new byte[] { 0, 0 }));
        Assert.True(reader.HasHeader);
        Assert.Equal(MessageType.PutWeights, reader.Type);
        Assert.Equal((ushort)4321, reader.Sequence);

        byte[] next = ProtocolReference.Frame(MessageType.Hello, 4322, []);
        Assert.Equal([FrameStatus.Ok], PushAll(reader, next));
        Assert.Equal((ushort)4322, reader.Sequence);
    }

    [Fact]
    public void APayloadOneByteOverTheLimitIsOversizeEvenWhenItsEncodingFitsTheBuffer()
    {
        // Zeros every 100 bytes keep the encoding at payload + 1 bytes, inside the 2057-byte buffer,
        // so this is caught after decoding rather than while receiving.
        var body = Enumerable.Range(0, FrameLimits.MaxBody + 1).Select(i => (byte)(i % 100 == 0 ? 0 : 7)).ToArray();
        byte[] frame = ProtocolReference.Frame(MessageType.TrainBatch, 99, body);
        Assert.True(frame.Length - 1 <= FrameLimits.MaxEncodedPayload);
        var reader = new FrameReader();
        Assert.Equal([FrameStatus.Oversize], PushAll(reader, frame));
        Assert.Equal((ushort)99, reader.Sequence);

        byte[] largest = ProtocolReference.Frame(MessageType.TrainBatch, 100, body.Take(FrameLimits.MaxBody).ToArray());
        Assert.Equal([FrameStatus.Ok], PushAll(reader, largest));
        Assert.Equal(FrameLimits.MaxBody, reader.BodyLength);
    }

    [Fact]
    public void ResetDropsAPartialFrame()
    {
        var reader = new FrameReader();
        byte[] frame = ProtocolReference.Frame(MessageType.Info, 1, [1, 2, 3, 4]);
        PushAll(reader, frame.Take(5));
        reader.Reset();
        Assert.Equal([FrameStatus.Ok], PushAll(reader, frame));
    }

    [Fact]
    public void BufferPushRejectsBadArgumentsWithoutThrowing()
    {
        var reader = new FrameReader();
        Assert.Equal(FrameStatus.NeedMore, reader.Push(new byte[4], 3, 5, out int consumed));
        Assert.Equal(0, consumed);
        Assert.Equal(FrameStatus.NeedMore, reader.Push(null!, 0, 1, out consumed));
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void TinyReadersStillWork()
    {
        var reader = new FrameReader(0); // clamped to the 5-byte minimum: empty bodies only
        Assert.Equal(FrameLimits.MinPayload, reader.MaxPayload);
        Assert.Equal([FrameStatus.Ok, FrameStatus.Oversize],
                     PushAll(reader, ProtocolReference.Frame(1, 2, []).Concat(ProtocolReference.Frame(1, 3, [5]))));
    }
}
