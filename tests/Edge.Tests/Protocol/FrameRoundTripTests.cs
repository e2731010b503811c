using Xunit;
using Edge.Core.Numerics;
using Edge.Core.Protocol;

namespace Edge.Tests.Protocol;

public class FrameRoundTripTests
{
    private static byte[] RandomBody(Pcg32 rng, int length)
    {
        var body = new byte[length];
        bool sparse = rng.NextInt(3) == 0; // many zeros exercise COBS block splitting
        for (int i = 0; i < length; i++) body[i] = sparse && rng.NextInt(3) == 0 ? (byte)0 : (byte)rng.NextUInt();
        return body;
    }

    private static int RandomBodyLength(Pcg32 rng) =>
        rng.NextInt(10) == 0 ? FrameLimits.MaxBody - rng.NextInt(300) : rng.NextInt(300);

    [Fact]
    public void WriterOutputMatchesTheReferenceEncoding()
    {
        var rng = new Pcg32(11, 0);
        var output = new byte[FrameLimits.MaxFrame];
        for (int trial = 0; trial < 300; trial++)
        {
            byte type = (byte)rng.NextUInt();
            ushort sequence = (ushort)rng.NextUInt();
            byte[] body = RandomBody(rng, RandomBodyLength(rng));
            int length = FrameWriter.Write(type, sequence, body, 0, body.Length, output);
            Assert.Equal(ProtocolReference.Frame(type, sequence, body), output.Take(length).ToArray());
            Assert.True(length <= FrameWriter.MaxFrameLength(body.Length));
            Assert.Equal(0, output[length - 1]);
            Assert.DoesNotContain((byte)0, output.Take(length - 1));
        }
    }

    [Fact]
    public void FramesRoundTripByteByByte()
    {
        var rng = new Pcg32(12, 0);
        var reader = new FrameReader();
        var output = new byte[FrameLimits.MaxFrame + 10];
        for (int trial = 0; trial < 500; trial++)
        {
            byte type = (byte)rng.NextUInt();
            ushort sequence = (ushort)rng.NextUInt();
            int length = RandomBodyLength(rng);
            byte[] padded = RandomBody(rng, length + 8);
            int frameLength = FrameWriter.Write(type, sequence, padded, 4, length, output, 10 - trial % 10);
            Assert.True(frameLength > 0);
            for (int i = 0; i < frameLength - 1; i++)
                Assert.Equal(FrameStatus.NeedMore, reader.Push(output[10 - trial % 10 + i]));
            Assert.Equal(FrameStatus.Ok, reader.Push(output[10 - trial % 10 + frameLength - 1]));
            Assert.Equal(type, reader.Type);
            Assert.Equal(sequence, reader.Sequence);
            Assert.True(reader.HasHeader);
            Assert.Equal(padded.Skip(4).Take(length).ToArray(), reader.Body.Skip(reader.BodyOffset).Take(reader.BodyLength).ToArray());
        }
        Assert.Equal(500u, reader.FramesAccepted);
        Assert.Equal(0u, reader.FramesRejected);
    }

    [Fact]
    public void ManyFramesInOneStreamRoundTripInRandomChunks()
    {
        var rng = new Pcg32(13, 0);
        var stream = new List<byte>();
        var sent = new List<(byte Type, ushort Sequence, byte[] Body)>();
        var output = new byte[FrameLimits.MaxFrame];
        for (int i = 0; i < 400; i++)
        {
            var frame = ((byte)rng.NextUInt(), (ushort)i, RandomBody(rng, RandomBodyLength(rng)));
            sent.Add(frame);
            int length = FrameWriter.Write(frame.Item1, frame.Item2, frame.Item3, 0, frame.Item3.Length, output);
            stream.AddRange(output.Take(length));
            if (rng.NextInt(5) == 0) stream.Add(0); // an empty frame now and then: ignored
        }
        byte[] bytes = stream.ToArray();

        for (int trial = 0; trial < 3; trial++)
        {
            var reader = new FrameReader();
            int received = 0;
            int position = 0;
            while (position < bytes.Length)
            {
                int chunk = Math.Min(1 + rng.NextInt(trial == 0 ? 8 : 3000), bytes.Length - position);
                int offset = 0;
                while (offset < chunk)
                {
                    FrameStatus status = reader.Push(bytes, position + offset, chunk - offset, out int consumed);
                    Assert.InRange(consumed, 1, chunk - offset);
                    offset += consumed;
                    if (status == FrameStatus.NeedMore) { Assert.Equal(chunk, offset); continue; }
                    Assert.Equal(FrameStatus.Ok, status);
                    var expected = sent[received++];
                    Assert.Equal(expected.Type, reader.Type);
                    Assert.Equal(expected.Sequence, reader.Sequence);
                    Assert.Equal(expected.Body, reader.Body.Skip(reader.BodyOffset).Take(reader.BodyLength).ToArray());
                }
                position += chunk;
            }
            Assert.Equal(sent.Count, received);
        }
    }

    [Fact]
    public void WriterRefusesOversizeBodiesAndShortOutputs()
    {
        var body = new byte[FrameLimits.MaxBody + 1];
        var output = new byte[FrameLimits.MaxFrame + 100];
        Assert.Equal(-1, FrameWriter.Write(1, 1, body, 0, body.Length, output));
        int full = FrameWriter.Write(1, 1, body, 0, FrameLimits.MaxBody, output);
        Assert.InRange(full, FrameLimits.MaxPayload + 2, FrameLimits.MaxFrame);

        Assert.Equal(-1, FrameWriter.Write(1, 1, body, 0, 10, new byte[FrameWriter.MaxFrameLength(10) - 1]));
        Assert.True(FrameWriter.Write(1, 1, body, 0, 10, new byte[FrameWriter.MaxFrameLength(10)]) > 0);
        Assert.Equal(-1, FrameWriter.Write(1, 1, body, 5, -1, output));
        Assert.Equal(-1, FrameWriter.Write(1, 1, null, 0, 3, output));
        Assert.Equal(-1, FrameWriter.Write(1, 1, body, 0, 10, output, output.Length - 5));

        int empty = FrameWriter.Write(MessageType.Hello, 0xBEEF, null, 0, 0, output);
        var reader = new FrameReader();
        Assert.Equal(FrameStatus.Ok, reader.Push(output, 0, empty, out _));
        Assert.Equal(0, reader.BodyLength);
        Assert.Equal((ushort)0xBEEF, reader.Sequence);
    }
}
