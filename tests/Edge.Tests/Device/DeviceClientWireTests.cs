using Edge.Core.Learning;
using Edge.Firmware;
using Edge.Host.Device;
using Edge.Host.Transfer;
using Edge.Host.Transport;
using Edge.Tests.Firmware;
using Xunit;

namespace Edge.Tests.Device;

/// <summary>What the client says it sent and received is what crossed the transport, frame by frame and byte by byte.</summary>
public class DeviceClientWireTests
{
    /// <summary>A transport that counts what passes through it.</summary>
    private sealed class CountingTransport(IByteTransport inner) : IByteTransport
    {
        public long Written, Read, Writes;
        public void Write(byte[] buffer, int offset, int count) { inner.Write(buffer, offset, count); Written += count; Writes++; }
        int IByteTransport.Read(byte[] buffer, int offset, int count, TimeSpan timeout)
        {
            int n = inner.Read(buffer, offset, count, timeout);
            Read += n;
            return n;
        }
        public void Dispose() => inner.Dispose();
    }

    [Fact]
    public void TheClientCountsEveryFrameAndByte_AndTheSecondsFollowAt10BitsAByte()
    {
        var board = new TestBoard(64);
        var line = new CountingTransport(new LoopbackTransport(new DeviceFirmware(board)));
        using var client = new DeviceClient(line) { StimulusStepMicrovolts = 1000 };
        client.Hello();
        client.Configure([64, 16, 10], 1, new LearnerSettings { BatchSize = 4, Seed = 3 }, 7);
        int[][] stimuli = Enumerable.Range(0, 40).Select(n => Enumerable.Range(0, 64).Select(c => 1000 * ((n * 7 + c) % 50)).ToArray()).ToArray();
        client.InferBatch(stimuli);
        client.TrainSoftBatch(stimuli, stimuli.Select(_ => new int[10]).ToArray(), 4 << 16, endBatch: true);

        // HELLO, CONFIGURE, INFER_BATCH: 15 uint16 stimuli of 64 channels a frame, TRAIN_SOFT_BATCH: 11 with their 10 logits
        Assert.Equal(2 + 3 + 4, client.FramesSent);
        Assert.Equal(line.Writes, client.FramesSent);
        Assert.Equal(line.Written, client.BytesSent);
        Assert.Equal(line.Read, client.BytesReceived);
        Assert.True(client.BytesSent > 40 * 2 * 128, "two batches of 40 stimuli at 128 bytes each were sent");

        WireCost cost = WireCost.Of(client);
        Assert.Equal((client.BytesSent + client.BytesReceived) * 10 / 115200.0, cost.EstimatedSeconds, 9);
        Assert.Equal(10.0, new WireCost(1, 100_000, 15_200).EstimatedSeconds, 9);   // 115,200 bytes of 10 bits at 115,200 baud
        Assert.Equal(cost, (cost + cost) - cost);
    }
}
