using Edge.Core.Hardware;
using Edge.Core.Protocol;
using Edge.Core.Storage;
using Edge.Firmware;
using Xunit;

namespace Edge.Tests.Firmware;

/// <summary>Once a model is built, serving requests allocates nothing (the device has a tiny heap and no time for GC).</summary>
public class FirmwareAllocationTests
{
    private sealed class CountingSink : IByteSink
    {
        public long Bytes;
        public void Write(byte[] buffer, int offset, int count) => Bytes += count;
    }

    private static byte[] Body(Action<BodyWriter> write)
    {
        var buffer = new byte[FrameLimits.MaxBody];
        var writer = new BodyWriter(buffer);
        write(writer);
        return buffer[..writer.Length];
    }

    [Fact]
    public void RequestsAfterConfigureAllocateNothing()
    {
        const int Channels = 8;
        var firmware = new DeviceFirmware(new TestBoard(Channels));
        var sink = new CountingSink();
        var requests = new List<byte[]>
        {
            FirmwareLink.Frame(MessageType.Configure, 1, FirmwareBehaviourTests.ConfigureBody(new[] { Channels, 6, 3 })),
            FirmwareLink.Frame(MessageType.Hello, 2, Array.Empty<byte>()),
            FirmwareLink.Frame(MessageType.Info, 3, Array.Empty<byte>()),
            FirmwareLink.Frame(MessageType.Present, 4, Body(w => { for (int i = 0; i < Channels; i++) w.WriteInt32(100_000 * i); })),
            FirmwareLink.Frame(MessageType.Sample, 5, Array.Empty<byte>()),
            FirmwareLink.Frame(MessageType.Infer, 6, Array.Empty<byte>()),
            FirmwareLink.Frame(MessageType.Train, 7, new byte[] { 2, 1 }),
            FirmwareLink.Frame(MessageType.TrainSoft, 8, Body(w => { w.WriteByte(0); w.WriteInt32(2 << 16); w.WriteInt16(-1); w.WriteInt32(0); w.WriteInt32(1); w.WriteInt32(2); w.WriteInt32(3); })),
            FirmwareLink.Frame(MessageType.TrainBatch, 9, Body(w =>
            {
                w.WriteUInt16(3); w.WriteUInt32(100); w.WriteByte(1);
                for (int n = 0; n < 3; n++) { for (int i = 0; i < Channels; i++) w.WriteUInt16((ushort)(1000 * n + 300 * i)); w.WriteByte((byte)n); }
            })),
            FirmwareLink.Frame(MessageType.InferBatch, 10, Body(w => { w.WriteUInt16(2); w.WriteUInt32(0); for (int i = 0; i < 2 * Channels; i++) w.WriteInt32(20_000 * i); })),
            FirmwareLink.Frame(MessageType.GetWeights, 11, Body(w => { w.WriteUInt32(3); w.WriteUInt16(20); })),
            FirmwareLink.Frame(MessageType.PutWeights, 12, Body(w =>
            {
                w.WriteByte(2); w.WriteUInt16(Channels); w.WriteUInt16(6); w.WriteUInt16(3);
                w.WriteUInt32(5); w.WriteUInt16(4); w.WriteByte(1); w.WriteUInt16(0x10); for (int i = 0; i < 4; i++) w.WriteInt16((short)(i * 100));
            })),
            FirmwareLink.Frame(MessageType.Save, 13, Array.Empty<byte>()),
            FirmwareLink.Frame(MessageType.Stats, 14, new byte[] { 1 }),
            FirmwareLink.Frame(0x55, 15, Array.Empty<byte>()), // an error answer
        };
        var link = new FirmwareLink(firmware);
        foreach (var frame in requests) link.SendRaw(frame);
        Assert.All(link.Answers.SkipLast(1), a => Assert.True(a.Type != MessageType.Error, $"answer {a.Sequence} is an error"));

        var serving = requests.Skip(1).ToArray();
        foreach (var frame in serving) firmware.Receive(frame, 0, frame.Length, sink); // warm up
        long allocated = Allocations.Of(() =>
        {
            for (int round = 0; round < 20; round++)
                foreach (var frame in serving) firmware.Receive(frame, 0, frame.Length, sink);
        });
        Assert.Equal(0, allocated);
        Assert.True(sink.Bytes > 0);
    }
}
