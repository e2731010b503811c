using Xunit;
using Edge.Core.Protocol;

namespace Edge.Tests.Protocol;

public class BodyWriterReaderTests
{
    [Fact]
    public void EveryFieldRoundTripsLittleEndian()
    {
        var buffer = new byte[200];
        var writer = new BodyWriter(buffer, 10, 150);
        short[] shorts = [short.MinValue, -1, 0, 1, short.MaxValue];
        int[] ints = [int.MinValue, -123456, 0, 7, int.MaxValue];
        Assert.True(writer.WriteByte(0xAB));
        Assert.True(writer.WriteUInt16(0xBEEF));
        Assert.True(writer.WriteInt16(-2));
        Assert.True(writer.WriteInt32(-305419896));
        Assert.True(writer.WriteUInt32(0xDEADBEEF));
        Assert.True(writer.WriteInt64(long.MinValue + 12345));
        Assert.True(writer.WriteUInt64(ulong.MaxValue - 1));
        Assert.True(writer.WriteInt16Array(shorts, 0, shorts.Length));
        Assert.True(writer.WriteInt32Array(ints, 1, 3));
        Assert.True(writer.WriteBytes([9, 8, 7], 1, 2));
        Assert.True(writer.WriteAscii("Edge v1 é"));
        Assert.True(writer.WriteAscii(null));
        Assert.True(writer.Ok);
        Assert.Equal(1 + 2 + 2 + 4 + 4 + 8 + 8 + 10 + 12 + 2 + 11 + 2, writer.Length);

        // Little-endian on the wire, as the protocol says.
        Assert.Equal(new byte[] { 0xAB, 0xEF, 0xBE, 0xFE, 0xFF }, buffer.Skip(10).Take(5).ToArray());
        Assert.Equal(BitConverter.GetBytes(-305419896), buffer.Skip(15).Take(4).ToArray());

        var reader = new BodyReader(buffer, writer.Offset, writer.Length);
        Assert.Equal(0xAB, reader.ReadByte());
        Assert.Equal(0xBEEF, reader.ReadUInt16());
        Assert.Equal(-2, reader.ReadInt16());
        Assert.Equal(-305419896, reader.ReadInt32());
        Assert.Equal(0xDEADBEEF, reader.ReadUInt32());
        Assert.Equal(long.MinValue + 12345, reader.ReadInt64());
        Assert.Equal(ulong.MaxValue - 1, reader.ReadUInt64());
        var shortsBack = new short[6];
        Assert.True(reader.ReadInt16Array(shortsBack, 1, 5));
        Assert.Equal(shorts, shortsBack.Skip(1).ToArray());
        var intsBack = new int[3];
        Assert.True(reader.ReadInt32Array(intsBack, 0, 3));
        Assert.Equal(ints.Skip(1).Take(3).ToArray(), intsBack);
        var bytesBack = new byte[2];
        Assert.True(reader.ReadBytes(bytesBack, 0, 2));
        Assert.Equal(new byte[] { 8, 7 }, bytesBack);
        Assert.Equal("Edge v1 ?", reader.ReadAscii());
        Assert.Equal("", reader.ReadAscii());
        Assert.True(reader.ExpectEnd());
    }

    [Fact]
    public void AWriteThatDoesNotFitWritesNothingAndFailsForGood()
    {
        var buffer = new byte[8];
        var writer = new BodyWriter(buffer);
        Assert.True(writer.WriteInt32(1));
        Assert.False(writer.WriteInt64(2));
        Assert.False(writer.Ok);
        Assert.Equal(4, writer.Length);
        Assert.False(writer.WriteByte(3)); // it would fit, but the body is already broken
        Assert.Equal(4, writer.Length);
        Assert.False(writer.WriteInt16Array(new short[3], 0, 3));
        Assert.False(writer.WriteAscii("abc"));

        writer.Reset();
        Assert.True(writer.Ok);
        Assert.True(writer.WriteInt16Array(new short[4], 0, 4));
        Assert.False(writer.WriteInt16Array(new short[4], 0, 1));
        writer.Reset();
        Assert.False(writer.WriteInt32Array(new int[4], 2, 3)); // source too short
        writer.Reset(buffer, 4, 10);
        Assert.False(writer.Ok);
        Assert.False(writer.WriteByte(1));
    }

    [Fact]
    public void AReadPastTheEndReturnsZeroConsumesNothingAndFailsForGood()
    {
        byte[] body = [1, 2, 3];
        var reader = new BodyReader(body, 0, 3);
        Assert.Equal(0x0201, reader.ReadUInt16());
        Assert.Equal(0, reader.ReadInt32());
        Assert.False(reader.Ok);
        Assert.Equal(1, reader.Remaining);
        Assert.Equal(0, reader.ReadByte()); // sticky
        Assert.False(reader.ExpectEnd());

        reader.Reset(body, 0, 3);
        Assert.True(reader.Ok);
        Assert.False(reader.ReadInt16Array(new short[2], 0, 2));
        reader.Reset(body, 0, 3);
        Assert.False(reader.ReadInt32Array(new int[10], 0, int.MaxValue));
        reader.Reset(body, 0, 3);
        Assert.False(reader.ReadBytes(new byte[1], 0, 2)); // destination too short
        reader.Reset(body, 0, 3);
        Assert.True(reader.Skip(1));
        Assert.False(reader.ExpectEnd());
        reader.Reset(body, 2, 5);
        Assert.False(reader.Ok);
        Assert.Equal(0, reader.ReadByte());
    }

    [Fact]
    public void AStringWhoseLengthRunsPastTheBodyFails()
    {
        byte[] body = [5, 0, (byte)'a', (byte)'b'];
        var reader = new BodyReader(body, 0, body.Length);
        Assert.Null(reader.ReadAscii());
        Assert.False(reader.Ok);
        Assert.Equal(4, reader.Remaining);
    }

    [Fact]
    public void ErrorResponsesRoundTripAndLongMessagesAreCutToFit()
    {
        var buffer = new byte[FrameLimits.MaxBody];
        var writer = new BodyWriter(buffer);
        Assert.True(ErrorResponse.Write(writer, ErrorCode.NotConfigured, "send CONFIGURE first"));
        var reader = new BodyReader(buffer, 0, writer.Length);
        Assert.True(ErrorResponse.TryRead(reader, out byte code, out string message));
        Assert.Equal(ErrorCode.NotConfigured, code);
        Assert.Equal("send CONFIGURE first", message);

        string longMessage = new('x', 1000);
        writer.Reset();
        Assert.True(ErrorResponse.Write(writer, ErrorCode.Internal, longMessage));
        reader.Reset(buffer, 0, writer.Length);
        Assert.True(ErrorResponse.TryRead(reader, out _, out message));
        Assert.Equal(ErrorResponse.MaxMessageChars, message.Length);

        var small = new BodyWriter(new byte[10]);
        Assert.True(ErrorResponse.Write(small, ErrorCode.Busy, longMessage));
        Assert.Equal(10, small.Length);
        Assert.False(ErrorResponse.Write(new BodyWriter(new byte[2]), ErrorCode.Busy, "x"));

        reader.Reset([ErrorCode.Busy, 1], 0, 2);
        Assert.False(ErrorResponse.TryRead(reader, out code, out message));
        Assert.Equal(ErrorCode.None, code);
    }
}
