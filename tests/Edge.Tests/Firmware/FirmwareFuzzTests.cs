using System.Diagnostics;
using Edge.Core.Numerics;
using Edge.Core.Protocol;
using Edge.Firmware;
using Xunit;
using Xunit.Abstractions;

namespace Edge.Tests.Firmware;

/// <summary>
/// Throws well over 100,000 random and damaged frames at the firmware — random bodies of every
/// request type, plausible bodies with flipped bytes, bit flips on the wire, truncation,
/// oversize frames, bad CRCs and garbage between delimiters — and checks that no exception
/// escapes, every answer is a well-formed frame, nothing hangs, and a clean request afterwards
/// is answered correctly.
/// </summary>
public class FirmwareFuzzTests(ITestOutputHelper output)
{
    private const int Channels = 8;

    /// <summary>A body of the right shape for its type (so the fuzz reaches deep paths), with random content.</summary>
    private static byte[] PlausibleBody(Pcg32 rng, byte type)
    {
        int Batch(int itemExtra, int fixedExtra)
        {
            int n = rng.NextInt(4);
            return 6 + fixedExtra + n * (Channels * 2 + itemExtra);
        }
        int length = type switch
        {
            MessageType.Hello => rng.NextInt(2) * 2,
            MessageType.Configure => 39 + 2 * (1 + rng.NextInt(4)),
            MessageType.Present => Channels * 4,
            MessageType.Train => 2,
            MessageType.TrainSoft => 11 + 4 * 3,
            MessageType.PresentBatch or MessageType.InferBatch => Batch(0, 0),
            MessageType.TrainBatch => Batch(1, 1),
            MessageType.TrainSoftBatch => Batch(2 + 12, 9),
            MessageType.GetWeights => 6,
            MessageType.PutWeights => 1 + 6 + 9 + 2 * rng.NextInt(8),
            MessageType.Stats => rng.NextInt(2),
            _ => rng.NextInt(8),
        };
        var body = new byte[length];
        for (int i = 0; i < length; i++) body[i] = (byte)rng.NextInt(rng.NextInt(2) == 0 ? 4 : 256); // small values pass more checks
        if (type is MessageType.PresentBatch or MessageType.InferBatch or MessageType.TrainBatch or MessageType.TrainSoftBatch && length >= 6)
        {
            int n = (length - 6 - (type == MessageType.TrainBatch ? 1 : type == MessageType.TrainSoftBatch ? 9 : 0))
                    / (Channels * 2 + (type == MessageType.TrainBatch ? 1 : type == MessageType.TrainSoftBatch ? 14 : 0));
            body[0] = (byte)n; body[1] = 0; body[2] = (byte)(1 + rng.NextInt(200)); body[3] = 0; body[4] = 0; body[5] = 0;
        }
        if (type == MessageType.Configure) body[0] = (byte)((length - 39) / 2 - 1);
        return body;
    }

    private static byte[] RandomBody(Pcg32 rng)
    {
        var body = new byte[rng.NextInt(12) == 0 ? rng.NextInt(FrameLimits.MaxBody + 1) : rng.NextInt(48)];
        for (int i = 0; i < body.Length; i++) body[i] = (byte)rng.NextUInt();
        return body;
    }

    private static void AppendCase(Pcg32 rng, List<byte> stream)
    {
        byte type = rng.NextInt(16) == 0 ? (byte)rng.NextUInt() : (byte)(1 + rng.NextInt(MessageType.LastRequest));
        byte[] body = rng.NextInt(2) == 0 ? PlausibleBody(rng, type) : RandomBody(rng);
        byte[] frame = FirmwareLink.Frame(type, (ushort)rng.NextUInt(), body);
        switch (rng.NextInt(10))
        {
            case 0: // bit flips on the wire
                for (int f = 1 + rng.NextInt(3); f > 0; f--) frame[rng.NextInt(frame.Length)] ^= (byte)(1 << rng.NextInt(8));
                break;
            case 1: // truncated, then the next frame follows
                frame = frame[..rng.NextInt(frame.Length)];
                break;
            case 2: // bad CRC: flip a byte of the body region before encoding
            {
                var payload = new byte[body.Length + 1];
                body.CopyTo(payload, 0);
                payload[^1] = (byte)rng.NextUInt();
                frame = FirmwareLink.Frame(type, (ushort)rng.NextUInt(), payload);
                frame[^2] ^= (byte)(1 + rng.NextInt(254));
                if (frame[^2] == 0) frame[^2] = 1;
                break;
            }
            case 3: // garbage between delimiters
                for (int g = rng.NextInt(40); g > 0; g--) stream.Add((byte)rng.NextUInt());
                stream.Add(0);
                break;
            case 4 when rng.NextInt(20) == 0: // oversize
                for (int g = 2100 + rng.NextInt(500); g > 0; g--) stream.Add((byte)(1 + rng.NextInt(255)));
                stream.Add(0);
                break;
        }
        stream.AddRange(frame);
    }

    [Fact]
    public void HundredThousandRandomAndDamagedFramesNeverBreakTheFirmware()
    {
        var board = new TestBoard(channels: Channels) { FreeMemory = 2_000_000 };
        var firmware = new DeviceFirmware(board);
        var link = new FirmwareLink(firmware);
        link.Request(MessageType.Configure, 1, FirmwareBehaviourTests.ConfigureBody(new[] { Channels, 6, 3 }));

        var rng = new Pcg32(77, 3);
        var watch = Stopwatch.StartNew();
        const int Frames = 120_000;
        var stream = new List<byte>(1 << 16);
        int sent = 0;
        while (sent < Frames)
        {
            stream.Clear();
            for (int i = 0; i < 256 && sent < Frames; i++, sent++) AppendCase(rng, stream);
            var bytes = stream.ToArray();
            // deliver in random pieces, as a UART would
            for (int at = 0; at < bytes.Length; )
            {
                int n = Math.Min(bytes.Length - at, 1 + rng.NextInt(700));
                firmware.Receive(bytes, at, n, link);
                at += n;
            }
        }
        watch.Stop();

        Assert.Equal(0, link.CorruptAnswers);
        Assert.All(link.Answers, a => Assert.True(MessageType.IsResponse(a.Type)));
        Assert.True(link.Answers.Count > Frames / 2, $"only {link.Answers.Count} answers");

        // resynchronise with a delimiter, then a clean request is answered correctly
        link.SendRaw(new byte[] { 0 });
        var hello = link.Request(MessageType.Hello, 4242, Array.Empty<byte>());
        Assert.Equal(MessageType.ResponseTo(MessageType.Hello), hello.Type);
        Assert.Equal(4242, hello.Sequence);
        Assert.Equal(Edge.Core.Protocol.ProtocolVersion.Current, hello.Body[0]);
        var configure = link.Request(MessageType.Configure, 4243, FirmwareBehaviourTests.ConfigureBody(new[] { Channels, 5, 4 }));
        Assert.Equal(MessageType.ResponseTo(MessageType.Configure), configure.Type);
        var infer = link.Request(MessageType.Infer, 4244, Array.Empty<byte>());
        Assert.Equal(MessageType.ResponseTo(MessageType.Infer), infer.Type);
        Assert.Equal(2 + 4 * 4, infer.Body.Length);

        output.WriteLine($"{Frames} fuzz frames in {watch.Elapsed.TotalSeconds:F2} s, {link.Answers.Count} answers, {board.Operations} operations");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(120), "the fuzz must not hang");
    }
}
