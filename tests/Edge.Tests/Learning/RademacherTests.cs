using Edge.Core.Learning;
using Edge.Core.Numerics;

namespace Edge.Tests.Learning;

/// <summary>
/// Rademacher's loops (vector twins on a host for whole chunks) against their definition: bit
/// (i − first) mod 32 of one PRNG word per 32 units, and sign(δ)·slope.
/// </summary>
public class RademacherTests
{
    [Fact]
    public void Draw_IsOneBitPerUnitOfOneWordPer32Units()
    {
        var data = new Pcg32(41, 42);
        foreach (int units in new[] { 5, 16, 31, 32, 33, 64, 100, 128 })
            foreach (bool activeOnly in new[] { false, true })
                for (int trial = 0; trial < 4; trial++)
                {
                    int first = trial == 0 ? 0 : data.NextInt(units);
                    int end = first + data.NextInt(units - first) + 1;
                    var activation = new short[units];
                    for (int i = 0; i < units; i++) activation[i] = (short)(data.NextInt(3) == 0 ? 0 : data.NextInt(65536) - 32768);
                    if (trial == 3) Array.Clear(activation);   // nothing active
                    int sigma = 3277 + trial;
                    var delta = new int[units];
                    var rng = new Pcg32(7, (ulong)trial);
                    bool any = Rademacher.Draw(rng, activation, activeOnly, first, end, sigma, delta);

                    var reference = new Pcg32(7, (ulong)trial);
                    bool expectedAny = false;
                    uint bits = 0;
                    for (int i = first; i < end; i++)
                    {
                        if ((i - first) % 32 == 0) bits = reference.NextUInt();
                        bool active = !activeOnly || activation[i] != 0;
                        int expected = !active ? 0 : ((bits >> ((i - first) % 32)) & 1) != 0 ? sigma : -sigma;
                        Assert.True(expected == delta[i], $"{units} units, [{first}, {end}), unit {i}");
                        expectedAny |= active;
                    }
                    Assert.Equal(expectedAny, any);
                    Assert.Equal(reference.NextUInt(), rng.NextUInt());   // the same words were drawn
                }
    }

    [Fact]
    public void Estimate_IsTheSignOfDeltaTimesTheSlope_AndClearsDelta()
    {
        var data = new Pcg32(43, 44);
        foreach (int units in new[] { 5, 16, 17, 32, 40, 128 })
            foreach (int slope in new[] { 0, 1, -7, 123456, int.MaxValue, int.MinValue })
                foreach (bool accumulate in new[] { false, true })
                {
                    int first = data.NextInt(units / 2 + 1);
                    int end = units;
                    var delta = new int[units];
                    for (int i = 0; i < units; i++) delta[i] = data.NextInt(3) - 1;
                    var estimate = new int[units];
                    for (int i = 0; i < units; i++) estimate[i] = (int)data.NextUInt();
                    var expected = (int[])estimate.Clone();
                    for (int i = first; i < end; i++)
                    {
                        int product = unchecked(Math.Sign(delta[i]) * slope);
                        expected[i] = accumulate ? (int)Math.Clamp((long)expected[i] + product, int.MinValue, int.MaxValue) : product;
                    }
                    var cleared = (int[])delta.Clone();
                    Array.Clear(cleared, first, end - first);
                    Rademacher.Estimate(delta, first, end, slope, accumulate, estimate);
                    Assert.Equal(expected, estimate);
                    Assert.Equal(cleared, delta);
                }
    }
}
