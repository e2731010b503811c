using System.Runtime.Intrinsics;
using Edge.Accelerated;
using Edge.Core.Learning;
using Edge.Core.Numerics;
using Edge.Tests.AcceleratedTwins;

namespace Edge.Tests.Learning;

/// <summary>
/// Rademacher's loops (and each set of vector twins) against their definition: bit
/// (i − first) mod 32 of one PRNG word per 32 units, sign(δ)·slope, and δ cleared where a unit did not respond.
/// </summary>
public class RademacherTests
{
    [Theory]
    [MemberData(nameof(LoopSets.Names), MemberType = typeof(LoopSets))]
    public void Draw_IsOneBitPerUnitOfOneWordPer32Units(string loopSet)
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
                    bool any = Rademacher.Draw(rng, activation, activeOnly, first, end, sigma, delta, LoopSets.Get(loopSet));

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

    [Theory]
    [MemberData(nameof(LoopSets.Names), MemberType = typeof(LoopSets))]
    public void Estimate_IsTheSignOfDeltaTimesTheSlope_AndClearsDelta(string loopSet)
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
                    Rademacher.Estimate(delta, first, end, slope, accumulate, estimate, LoopSets.Get(loopSet));
                    Assert.Equal(expected, estimate);
                    Assert.Equal(cleared, delta);
                }
    }

    [Theory]
    [MemberData(nameof(LoopSets.Names), MemberType = typeof(LoopSets))]
    public void EstimateEach_IsEachUnitsSlopeTimesTheSignOfDelta(string loopSet)
    {
        // C#'s quotient toward zero of the exact (L − L0)·2^16, saturated, times sign(δ); 0 where δ = 0. Negative σ too
        // (no learner uses them, but the loop takes them; the twins leave them to it)
        var data = new Pcg32(45, 46);
        int[] sigmas = [1, 3, 655, 3277, 3276, 65536, 1 << 30, int.MaxValue, -1, -3277, int.MinValue];
        foreach (int units in new[] { 1, 5, 7, 8, 9, 16, 17, 32, 40, 128, 129 })
            foreach (int sigma in sigmas)
                for (int trial = 0; trial < 6; trial++)
                {
                    var delta = new int[units];
                    var losses = new int[units];
                    int loss0 = trial switch { 0 => int.MaxValue, 1 => int.MinValue, 2 => 0, _ => data.NextInt(1 << 20) };
                    for (int i = 0; i < units; i++)
                    {
                        delta[i] = data.NextInt(3) switch { 0 => 0, 1 => sigma, _ => -sigma };
                        if (trial == 5) delta[i] = (int)data.NextUInt();   // any value: only its sign counts
                        losses[i] = data.NextInt(4) switch
                        {
                            0 => (int)data.NextUInt(),
                            1 => data.NextInt(2) == 0 ? int.MaxValue : int.MinValue,
                            2 => loss0 + data.NextInt(3) - 1,   // near the clean loss: exact small quotients
                            _ => (int)Math.Clamp((long)loss0 + data.NextInt(1 << 16) - (1 << 15), int.MinValue, int.MaxValue),
                        };
                        if (data.NextInt(5) == 0)   // quotients at an exact integer, and one below it
                            losses[i] = (int)Math.Clamp((long)loss0 + (data.NextInt(2) == 0 ? 1 : -1) * ((long)sigma * data.NextInt(100) >> 16), int.MinValue, int.MaxValue);
                    }
                    var expected = new int[units];
                    for (int i = 0; i < units; i++)
                    {
                        if (delta[i] == 0) continue;
                        System.Numerics.BigInteger quotient = System.Numerics.BigInteger.Divide(((System.Numerics.BigInteger)losses[i] - loss0) * 65536, sigma);
                        int slope = (int)System.Numerics.BigInteger.Max(int.MinValue, System.Numerics.BigInteger.Min(int.MaxValue, quotient));
                        expected[i] = unchecked(Math.Sign(delta[i]) * slope);
                    }
                    var estimate = (int[])losses.Clone();
                    var kept = (int[])delta.Clone();
                    Rademacher.EstimateEach(delta, units, loss0, sigma, estimate, LoopSets.Get(loopSet));
                    Assert.Equal(expected, estimate);
                    Assert.Equal(kept, delta);
                    int? share = LoopSets.Vector128Share(loopSet, units);
                    if (share != null) Assert.Equal(sigma > 0 ? share : 0, LoopSets.Get(loopSet).EstimateEach(delta, units, loss0, sigma, (int[])losses.Clone()));
                }
    }

    [Theory]
    [MemberData(nameof(LoopSets.Names), MemberType = typeof(LoopSets))]
    public void KeepResponding_ClearsTheUnitsThatDidNotMove(string loopSet)
    {
        var data = new Pcg32(61, 62);
        for (int units = 1; units <= 70; units++)
            for (int trial = 0; trial < 20; trial++)
            {
                int[] delta = new int[units];
                short[] response = new short[units + trial % 3];   // longer than the layer: the rest is not read
                for (int i = 0; i < response.Length; i++)
                    response[i] = data.NextInt(3) switch { 0 => 0, 1 => (short)(data.NextInt(2) == 0 ? short.MinValue : short.MaxValue), _ => (short)data.NextInt(65536) };
                for (int i = 0; i < units; i++) delta[i] = data.NextInt(5) == 0 ? 0 : (int)data.NextUInt();
                var expected = new int[units];
                for (int i = 0; i < units; i++) expected[i] = response[i] == 0 ? 0 : delta[i];
                var twin = (int[])delta.Clone();
                int done = LoopSets.Get(loopSet).KeepResponding(twin, response, units);
                Assert.True(done == 0 || done == units, $"{done} of {units}");
                if (done == units) Assert.Equal(expected, twin);
                Rademacher.KeepResponding(delta, response, units, LoopSets.Get(loopSet));
                Assert.Equal(expected, delta);
                if ((loopSet == "avx512" && VectorLoopsAvx512.IsSupported && units >= 16) || (loopSet == "vector128" && Vector128.IsHardwareAccelerated && units >= 8))
                    Assert.Equal(units, done);   // the twin did the work, not the core's loop after it
            }
    }
}
