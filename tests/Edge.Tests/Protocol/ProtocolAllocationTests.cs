using Xunit;
using Edge.Core.Protocol;

namespace Edge.Tests.Protocol;

public class ProtocolAllocationTests
{
    [Fact]
    public void TheRequestResponsePathAllocatesNothing()
    {
        var body = new byte[FrameLimits.MaxBody];
        var frame = new byte[FrameLimits.MaxFrame];
        var scratch = new byte[FrameLimits.MaxFrame];
        var stimulus = new short[196];
        var logits = new int[10];
        for (int i = 0; i < stimulus.Length; i++) stimulus[i] = (short)(i * 97 - 5000);
        var reader = new FrameReader();
        var writer = new BodyWriter(body);
        var bodyReader = new BodyReader(body, 0, 0);

        void RoundTrip(ushort sequence)
        {
            writer.Reset();
            writer.WriteUInt16((ushort)stimulus.Length);
            writer.WriteInt16Array(stimulus, 0, stimulus.Length);
            int length = FrameWriter.Write(MessageType.Infer, sequence, body, 0, writer.Length, frame);
            if (reader.Push(frame, 0, length, out _) != FrameStatus.Ok) throw new InvalidOperationException();
            bodyReader.Reset(reader.Body, reader.BodyOffset, reader.BodyLength);
            int count = bodyReader.ReadUInt16();
            bodyReader.ReadInt16Array(stimulus, 0, count);
            if (!bodyReader.ExpectEnd()) throw new InvalidOperationException();
            writer.Reset();
            writer.WriteInt32Array(logits, 0, logits.Length);
            Crc32.Compute(body, 0, writer.Length);
            int encoded = Cobs.Encode(body, 0, writer.Length, scratch, 0);
            Cobs.Decode(scratch, 0, encoded, scratch, 0);
        }

        RoundTrip(0); // warm up: static tables, JIT
        Assert.Equal(0, Allocations.Of(() => { for (int i = 1; i <= 200; i++) RoundTrip((ushort)i); }));
    }
}
