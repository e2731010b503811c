using Edge.Core.Numerics;

namespace Edge.Tests.Numerics;

/// <summary>The host's lzcnt bit length and the device's branch-free one must agree everywhere.</summary>
public class BitLengthTests
{
    [Fact]
    public void HostAndPortable_AgreeWithTheDefinition()
    {
        var values = new List<ulong> { 0, 1, 2, 3, ulong.MaxValue, 1UL << 63, (1UL << 63) - 1 };
        for (int bit = 0; bit < 64; bit++)
        {
            values.Add(1UL << bit);
            values.Add((1UL << bit) - 1);
            values.Add((1UL << bit) + 1);
        }
        var rng = new Pcg32(3, 4);
        for (int i = 0; i < 20000; i++) values.Add((((ulong)rng.NextUInt() << 32) | rng.NextUInt()) >> rng.NextInt(64));
        foreach (ulong v in values)
        {
            int expected = 0;
            while (expected < 64 && (v >> expected) != 0) expected++;
            Assert.True(expected == BitLength.Portable(v), $"portable bit length of {v}");
            Assert.True(expected == BitLength.Of(v), $"host bit length of {v}");
        }
    }
}
