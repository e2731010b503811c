using System.Diagnostics;
using System.Runtime.CompilerServices;
using Edge.Core.Numerics;
using Edge.Core.Protocol;
using Xunit;
using Xunit.Abstractions;

namespace Edge.Tests.Protocol;

/// <summary>
/// Feeds the reader a long stream of valid, damaged and random frames and compares every status
/// with <see cref="ProtocolReference.ExpectedStatuses"/>: no exception, exactly one status per
/// non-empty delimited frame, and every intact frame decoded exactly.
/// </summary>
public class FrameReaderFuzzTests(ITestOutputHelper output)
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // skip tier-0: this runs over megabytes
    private static byte[] ValidPayload(Pcg32 rng, int maxPayload)
    {
        int maxBody = maxPayload - FrameLimits.MinPayload;
        int length = rng.NextInt(80) == 0 ? rng.NextInt(maxBody + 1) : rng.NextInt(Math.Min(64, maxBody) + 1);
        var body = new byte[length];
        bool sparse = rng.NextInt(2) == 0;
        for (int i = 0; i < length; i++) body[i] = sparse && rng.NextInt(4) == 0 ? (byte)0 : (byte)rng.NextUInt();
        return ProtocolReference.Payload((byte)rng.NextUInt(), (ushort)rng.NextUInt(), body);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // skip tier-0: this runs over megabytes
    private static byte[] RandomBytes(Pcg32 rng, int length, bool allowZero)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++) bytes[i] = allowZero ? (byte)rng.NextUInt() : (byte)(1 + rng.NextInt(255));
        return bytes;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // skip tier-0: this runs over megabytes
    private static void AppendCase(Pcg32 rng, int maxPayload, List<byte> stream)
    {
        int kind = rng.NextInt(11);
        if (kind == 5 && rng.NextInt(8) != 0) kind = 0; // oversize frames are long: keep them about 1%
        byte[] encoded = ProtocolReference.CobsEncode(ValidPayload(rng, maxPayload));
        switch (kind)
        {
            case 0: // intact
            case 1:
                break;
            case 2: // bit flips (a flip to 0x00 splits the frame in two)
                for (int flips = 1 + rng.NextInt(3); flips > 0; flips--)
                    encoded[rng.NextInt(encoded.Length)] ^= (byte)(1 << rng.NextInt(8));
                break;
            case 3: // truncated on the wire
                encoded = encoded.Take(rng.NextInt(encoded.Length)).ToArray();
                break;
            case 4: // bad CRC inside valid COBS
            {
                byte[] payload = ProtocolReference.CobsDecode(encoded)!;
                payload[payload.Length - 1 - rng.NextInt(2)] ^= (byte)(1 + rng.NextInt(255));
                encoded = ProtocolReference.CobsEncode(payload);
                break;
            }
            case 5: // oversize: non-zero bytes beyond any buffer, or a real frame just too big
                encoded = rng.NextInt(2) == 0
                    ? RandomBytes(rng, maxPayload + maxPayload / 254 + 2 + rng.NextInt(600), false)
                    : ProtocolReference.CobsEncode(RandomBytes(rng, maxPayload + 1 + rng.NextInt(20), true));
                break;
            case 6: // garbage between delimiters, or garbage with zeros in it
                encoded = RandomBytes(rng, rng.NextInt(80), rng.NextInt(2) == 0);
                break;
            case 7: // bytes dropped or inserted
            {
                var list = encoded.ToList();
                for (int edits = 1 + rng.NextInt(3); edits > 0; edits--)
                {
                    if (rng.NextInt(2) == 0 && list.Count > 0) list.RemoveAt(rng.NextInt(list.Count));
                    else list.Insert(rng.NextInt(list.Count + 1), (byte)rng.NextUInt());
                }
                encoded = list.ToArray();
                break;
            }
            case 8: // lost delimiter: runs into the next frame
                stream.AddRange(encoded);
                return;
            case 9: // too short to hold header and CRC
                encoded = ProtocolReference.CobsEncode(RandomBytes(rng, rng.NextInt(5), true));
                break;
            case 10: // runs of delimiters (empty frames)
                encoded = [];
                stream.AddRange(new byte[rng.NextInt(4)]);
                break;
        }
        stream.AddRange(encoded);
        stream.Add(0);
    }

    [Theory]
    [InlineData(FrameLimits.MaxPayload, 120_000, 1UL)] // ~100k non-empty frames
    [InlineData(40, 50_000, 2UL)]
    public void SurvivesRandomAndDamagedFramesAndReportsEachExactlyOnce(int maxPayload, int cases, ulong seed)
    {
        var clock0 = Stopwatch.StartNew();
        var rng = new Pcg32(seed, 77);
        var streamList = new List<byte>();
        for (int i = 0; i < cases; i++) AppendCase(rng, maxPayload, streamList);
        byte[] stream = streamList.ToArray();
        double generateSeconds = clock0.Elapsed.TotalSeconds;
        List<ProtocolReference.Expected> expected = ProtocolReference.ExpectedStatuses(stream, maxPayload);
        output.WriteLine($"{stream.Length} bytes, {expected.Count} frames; generated in {generateSeconds:F2} s, reference {clock0.Elapsed.TotalSeconds - generateSeconds:F2} s");

        var reader = new FrameReader(maxPayload);
        var clock = Stopwatch.StartNew();
        int index = 0;
        for (int i = 0; i < stream.Length; i++)
        {
            FrameStatus status = reader.Push(stream[i]);
            if (status == FrameStatus.NeedMore) continue;
            Assert.True(index < expected.Count, "more statuses than frames");
            var want = expected[index++];
            if (status != want.Status) Assert.Fail($"frame {index - 1}: got {status}, expected {want.Status}");
            if (status == FrameStatus.Ok)
            {
                Assert.Equal(want.Type, reader.Type);
                Assert.Equal(want.Sequence, reader.Sequence);
                Assert.True(want.Body.AsSpan().SequenceEqual(reader.Body.AsSpan(reader.BodyOffset, reader.BodyLength)));
            }
            else Assert.Equal(0, reader.BodyLength);
        }
        double pushSeconds = clock.Elapsed.TotalSeconds;
        Assert.Equal(expected.Count, index);
        Assert.Equal((uint)expected.Count, reader.FramesAccepted + reader.FramesRejected);

        // Every status occurs, so the stream really exercises every path.
        foreach (FrameStatus status in new[] { FrameStatus.Ok, FrameStatus.BadCobs, FrameStatus.Truncated, FrameStatus.BadCrc, FrameStatus.Oversize })
            Assert.Contains(expected, e => e.Status == status);
        Assert.True(expected.Count(e => e.Status == FrameStatus.Ok) > cases / 10);

        // Whatever came before, a delimiter then a well-formed frame decodes.
        byte[] final = ProtocolReference.Frame(MessageType.Infer, 0xCAFE, [1, 0, 2, 0, 3]);
        reader.Push(0);
        FrameStatus last = FrameStatus.NeedMore;
        foreach (byte b in final) last = reader.Push(b);
        Assert.Equal(FrameStatus.Ok, last);
        Assert.Equal((ushort)0xCAFE, reader.Sequence);
        Assert.Equal(new byte[] { 1, 0, 2, 0, 3 }, reader.Body.AsSpan(reader.BodyOffset, reader.BodyLength).ToArray());

        // Same stream in random chunks through the buffer API: same statuses.
        var chunked = new FrameReader(maxPayload);
        int chunkedIndex = 0;
        int position = 0;
        while (position < stream.Length)
        {
            int chunk = Math.Min(1 + rng.NextInt(500), stream.Length - position);
            FrameStatus status = chunked.Push(stream, position, chunk, out int consumed);
            position += consumed;
            if (status != FrameStatus.NeedMore) Assert.Equal(expected[chunkedIndex++].Status, status);
        }
        Assert.Equal(expected.Count, chunkedIndex);

        output.WriteLine($"pushed in {pushSeconds:F2} s; total {clock0.Elapsed.TotalSeconds:F2} s");
    }
}
