using Xunit;
using Edge.Core.Numerics;
using Edge.Core.Protocol;

namespace Edge.Tests.Protocol;

public class CobsTests
{
    private static byte[] Range(int first, int last) => Enumerable.Range(first, last - first + 1).Select(i => (byte)i).ToArray();

    // The examples of the Wikipedia article "Consistent Overhead Byte Stuffing" (delimiter dropped).
    public static IEnumerable<object[]> KnownVectors()
    {
        yield return [Array.Empty<byte>(), new byte[] { 0x01 }];
        yield return [new byte[] { 0x00 }, new byte[] { 0x01, 0x01 }];
        yield return [new byte[] { 0x00, 0x00 }, new byte[] { 0x01, 0x01, 0x01 }];
        yield return [new byte[] { 0x00, 0x11, 0x00 }, new byte[] { 0x01, 0x02, 0x11, 0x01 }];
        yield return [new byte[] { 0x11, 0x22, 0x00, 0x33 }, new byte[] { 0x03, 0x11, 0x22, 0x02, 0x33 }];
        yield return [new byte[] { 0x11, 0x22, 0x33, 0x44 }, new byte[] { 0x05, 0x11, 0x22, 0x33, 0x44 }];
        yield return [new byte[] { 0x11, 0x00, 0x00, 0x00 }, new byte[] { 0x02, 0x11, 0x01, 0x01, 0x01 }];
        yield return [Range(0x01, 0xFE), new byte[] { 0xFF }.Concat(Range(0x01, 0xFE)).ToArray()];
        yield return [Range(0x00, 0xFE), new byte[] { 0x01, 0xFF }.Concat(Range(0x01, 0xFE)).ToArray()];
        yield return [Range(0x01, 0xFF), new byte[] { 0xFF }.Concat(Range(0x01, 0xFE)).Concat(new byte[] { 0x02, 0xFF }).ToArray()];
        yield return [Range(0x02, 0xFF).Append((byte)0).ToArray(),
                      new byte[] { 0xFF }.Concat(Range(0x02, 0xFF)).Concat(new byte[] { 0x01, 0x01 }).ToArray()];
        yield return [Range(0x03, 0xFF).Concat(new byte[] { 0x00, 0x01 }).ToArray(),
                      new byte[] { 0xFE }.Concat(Range(0x03, 0xFF)).Concat(new byte[] { 0x02, 0x01 }).ToArray()];
    }

    [Theory]
    [MemberData(nameof(KnownVectors))]
    public void EncodesAndDecodesTheKnownVectors(byte[] plain, byte[] encoded)
    {
        var output = new byte[Cobs.MaxEncodedLength(plain.Length)];
        int length = Cobs.Encode(plain, 0, plain.Length, output, 0);
        Assert.Equal(encoded, output.Take(length).ToArray());

        var decoded = new byte[plain.Length + 1];
        int decodedLength = Cobs.Decode(encoded, 0, encoded.Length, decoded, 0);
        Assert.Equal(plain, decoded.Take(decodedLength).ToArray());
    }

    private static byte[] Pattern(Pcg32 rng, int kind, int length)
    {
        var data = new byte[length];
        for (int i = 0; i < length; i++)
        {
            data[i] = kind switch
            {
                0 => (byte)rng.NextUInt(),                           // random, ~1/256 zeros
                1 => 0,                                              // all zero
                2 => (byte)(1 + rng.NextInt(255)),                   // never zero: only full 254-byte blocks
                3 => (byte)((i + 1) % 254 == 0 ? 0 : 1 + rng.NextInt(255)), // zero right after 253 non-zero bytes
                4 => (byte)((i + 1) % 255 == 0 ? 0 : 1 + rng.NextInt(255)), // zero right after a full block
                5 => (byte)((i + 1) % 256 == 0 ? 0 : 1 + rng.NextInt(255)),
                _ => (byte)(rng.NextInt(4) == 0 ? 0 : rng.NextUInt()),  // many zeros
            };
        }
        return data;
    }

    [Fact]
    public void RoundTripsEveryLengthUpTo2000InEveryPattern()
    {
        var rng = new Pcg32(20240601, 1);
        var encoded = new byte[Cobs.MaxEncodedLength(2000) + 7];
        var decoded = new byte[2000 + 5];
        // Every length with a rotating pattern, plus every pattern around the 254-byte block boundaries.
        var cases = Enumerable.Range(0, 2001).Select(length => (Kind: length % 7, Length: length)).ToList();
        foreach (int boundary in new[] { 254, 508, 762, 2000 })
            for (int length = boundary - 4; length <= boundary + 4; length++)
                for (int kind = 0; kind <= 6; kind++) cases.Add((kind, Math.Min(length, 2000)));
        foreach (var (kind, length) in cases)
        {
            {
                byte[] plain = Pattern(rng, kind, length);
                int encodedLength = Cobs.Encode(plain, 0, length, encoded, 3);
                Assert.True(encodedLength > 0 && encodedLength <= Cobs.MaxEncodedLength(length));
                if (kind == 2) Assert.Equal(length + Math.Max(1, (length + 253) / 254), encodedLength); // one code byte per 254
                Assert.Equal(-1, Array.IndexOf(encoded, (byte)0, 3, encodedLength));
                Assert.True(ProtocolReference.CobsEncode(plain).AsSpan().SequenceEqual(encoded.AsSpan(3, encodedLength)));

                int decodedLength = Cobs.Decode(encoded, 3, encodedLength, decoded, 5 - (length % 3));
                Assert.Equal(length, decodedLength);
                Assert.True(plain.AsSpan().SequenceEqual(decoded.AsSpan(5 - (length % 3), length)));
            }
        }
    }

    [Fact]
    public void DecodesInPlace()
    {
        var rng = new Pcg32(7, 7);
        for (int length = 0; length < 1200; length += 7)
        {
            byte[] plain = Pattern(rng, length % 7, length);
            var buffer = new byte[Cobs.MaxEncodedLength(length)];
            int encodedLength = Cobs.Encode(plain, 0, length, buffer, 0);
            Assert.Equal(length, Cobs.Decode(buffer, 0, encodedLength, buffer, 0));
            Assert.Equal(plain, buffer.Take(length).ToArray());
        }
    }

    [Theory]
    [InlineData(new byte[0])]                       // empty input is not an encoding
    [InlineData(new byte[] { 0x00 })]               // the delimiter cannot appear inside
    [InlineData(new byte[] { 0x03, 0x11, 0x00 })]   // zero inside a block
    [InlineData(new byte[] { 0x03, 0x11 })]         // block runs past the end
    [InlineData(new byte[] { 0x02, 0x11, 0x05, 0x01 })]
    [InlineData(new byte[] { 0xFF, 0x01 })]
    public void RejectsMalformedInput(byte[] encoded)
    {
        Assert.Equal(-1, Cobs.Decode(encoded, 0, encoded.Length, new byte[300], 0));
    }

    [Fact]
    public void AcceptsANonCanonicalEmptyTailBlock()
    {
        byte[] encoded = new byte[] { 0xFF }.Concat(Range(1, 254)).Append((byte)0x01).ToArray();
        var output = new byte[300];
        Assert.Equal(254, Cobs.Decode(encoded, 0, encoded.Length, output, 0));
        Assert.Equal(Range(1, 254), output.Take(254).ToArray());
    }

    [Fact]
    public void ReportsMissingRoomAndBadArgumentsInsteadOfThrowing()
    {
        byte[] plain = Range(1, 100);
        Assert.Equal(-1, Cobs.Encode(plain, 0, 100, new byte[100], 0));                 // needs 101
        Assert.Equal(101, Cobs.Encode(plain, 0, 100, new byte[101], 0));
        Assert.Equal(-1, Cobs.Encode(plain, 50, 51, new byte[200], 0));
        Assert.Equal(-1, Cobs.Encode(plain, -1, 5, new byte[200], 0));
        Assert.Equal(-1, Cobs.Encode(plain, 0, 5, new byte[200], 199));

        var encoded = new byte[101];
        Cobs.Encode(plain, 0, 100, encoded, 0);
        Assert.Equal(-1, Cobs.Decode(encoded, 0, 101, new byte[99], 0));               // needs 100
        Assert.Equal(100, Cobs.Decode(encoded, 0, 101, new byte[100], 0));
        Assert.Equal(-1, Cobs.Decode(encoded, 0, 101, new byte[200], 101));
        Assert.Equal(-1, Cobs.Decode(encoded, 1, 101, new byte[200], 0));
    }
}
