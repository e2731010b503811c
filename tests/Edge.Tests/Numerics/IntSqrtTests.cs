using Edge.Core.Numerics;

namespace Edge.Tests.Numerics;

public class IntSqrtTests
{
    [Fact]
    public void HostFloor_IsTheDevicesBitByBitFloor_AtTheEdgesAndAtRandom()
    {
        var values = new List<ulong> { 0, 1, 2, 3, 4, ulong.MaxValue, ulong.MaxValue - 1, 1UL << 62, (1UL << 62) - 1, 1UL << 63 };
        for (ulong r = 1; r < 1UL << 32; r = r * 3 + 1)
            values.AddRange([r * r - 1, r * r, r * r + 1]);
        var rng = new Pcg32(5, 5);
        for (int i = 0; i < 20000; i++) values.Add(((ulong)rng.NextUInt() << 32 | rng.NextUInt()) >> (i % 64));
        foreach (ulong x in values)
        {
            uint floor = IntSqrt.Floor(x);
            Assert.Equal(IntSqrt.Portable(x), floor);
            Assert.True((ulong)floor * floor <= x && ((ulong)floor + 1) * ((ulong)floor + 1) > x || floor == uint.MaxValue, $"⌊√{x}⌋ = {floor}");
        }
    }
}
