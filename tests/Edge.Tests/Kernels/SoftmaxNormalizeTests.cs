using Edge.Core.Kernels;
using Edge.Core.Numerics;
using Edge.Tests.AcceleratedTwins;
using Edge.Tests.Numerics;

namespace Edge.Tests.Kernels;

/// <summary>
/// Softmax.Normalize (and each set of vector twins of its loop) must give the rounded integer quotient of the device's loop;
/// Softmax.Exponentials with a twin must give FixedExp.ExpQ30 of every logit's distance below the largest, and their sum.
/// </summary>
public class SoftmaxNormalizeTests
{
    [Theory]
    [MemberData(nameof(LoopSets.Names), MemberType = typeof(LoopSets))]
    public void Normalize_IsTheRoundedQuotient(string loopSet)
    {
        var rng = new Pcg32(33, 34);
        for (int trial = 0; trial < 4000; trial++)
        {
            int count = trial % 50 == 49 ? 64 + trial % 3 : 1 + trial % 20;
            int[] exponentials = new int[count];
            for (int i = 0; i < count; i++) exponentials[i] = trial % 5 == 0 ? Q.One30 : rng.NextInt(Q.One30) + 1;
            exponentials[rng.NextInt(count)] = Q.One30;   // the largest term is exactly 1.0, as in a softmax
            long sum = 0;
            foreach (int e in exponentials) sum += e;
            if (trial % 7 == 0) sum += rng.NextInt(1 << 20);
            if (trial % 11 == 0) sum = 1L << (40 + trial % 10);   // quotients near 0, and exact halves
            AssertNormalizeIsTheQuotient(loopSet, exponentials, count, sum);
        }
    }

    /// <summary>
    /// Beyond what a softmax gives, as the loop takes it: exponentials 0 and up to int.MaxValue; sums from 1 (quotients
    /// beyond int32, which the cast wraps) to long.MaxValue, and around 2^51, where the Vector128 twin leaves the loop alone;
    /// numerators at or just below a multiple of the sum, and just above it.
    /// </summary>
    [Theory]
    [MemberData(nameof(LoopSets.Names), MemberType = typeof(LoopSets))]
    public void Normalize_IsTheQuotient_AtTheExtremes(string loopSet)
    {
        var rng = new Pcg32(37, 38);
        long[] sums = [1, 2, 3, 7, 65535, 65536, 65537, Q.One30, (long)int.MaxValue * 16, (1L << 51) - 1, 1L << 51, (1L << 51) + 1, 1L << 62, long.MaxValue];
        foreach (long sum in sums)
            foreach (int count in new[] { 4, 7, 8, 9, 12, 33 })
                for (int trial = 0; trial < 20; trial++)
                {
                    int[] exponentials = new int[count];
                    for (int i = 0; i < count; i++)
                    {
                        exponentials[i] = rng.NextInt(4) switch
                        {
                            0 => 0,
                            1 => int.MaxValue - rng.NextInt(2),
                            2 => (int)(rng.NextUInt() >> 1),
                            _ => AtAMultiple(sum, rng.NextInt(1 << 12), rng.NextInt(2)),
                        };
                    }
                    AssertNormalizeIsTheQuotient(loopSet, exponentials, count, sum);
                }
    }

    /// <summary>
    /// The exponential e whose numerator e·2^16 + ⌊sum/2⌋ is the largest at or below k·sum (above it with one more), in
    /// [0, int.MaxValue].
    /// </summary>
    private static int AtAMultiple(long sum, int k, int more)
    {
        Int128 below = ((Int128)sum * k - (sum >> 1)) >> Q.ValueFrac;
        return (int)Int128.Clamp(below + more, 0, int.MaxValue);
    }

    /// <summary>
    /// Negative exponentials (no softmax has them, but the loop takes them): C#'s quotient is toward zero, not down. The
    /// AVX-512 twin leaves a vector holding one to the core's loop (its correction floors).
    /// </summary>
    [Theory]
    [InlineData("portable")]
    [InlineData("vector128")]
    [InlineData("avx512")]
    public void Normalize_RoundsNegativeQuotientsTowardZero(string loopSet)
    {
        var rng = new Pcg32(39, 40);
        foreach (long sum in new long[] { 1, 2, 3, 12345, 1L << 20, Q.One30 * 10L, (1L << 50) + 7 })
            for (int trial = 0; trial < 50; trial++)
            {
                int count = 8 + trial % 9;
                int[] exponentials = new int[count];
                for (int i = 0; i < count; i++)
                    exponentials[i] = rng.NextInt(3) switch
                    {
                        0 => int.MinValue + rng.NextInt(2),
                        1 => -(int)(rng.NextUInt() >> (1 + rng.NextInt(31))),
                        _ => -(int)Math.Min((sum >> 1) + rng.NextInt(3) - 1 >> Q.ValueFrac, int.MaxValue) - rng.NextInt(2),   // around n = 0
                    };
                AssertNormalizeIsTheQuotient(loopSet, exponentials, count, sum);
            }
    }

    /// <summary>
    /// Softmax.Normalize with the loop set against the device loop's formula, from a copy and in place; and the part the
    /// Vector128 twin does itself (whole vectors from 8 classes on, sums in (0, 2^51)).
    /// </summary>
    private static void AssertNormalizeIsTheQuotient(string loopSet, int[] exponentials, int count, long sum)
    {
        int[] probabilities = new int[count];
        Softmax.Normalize(exponentials, count, sum, probabilities, LoopSets.Get(loopSet));
        for (int i = 0; i < count; i++)
            Assert.True((int)((((long)exponentials[i] << 16) + (sum >> 1)) / sum) == probabilities[i],
                        $"e = {exponentials[i]}, sum = {sum}, class {i} of {count}: {probabilities[i]}");
        int[] inPlace = (int[])exponentials.Clone();
        Softmax.Normalize(inPlace, count, sum, inPlace, LoopSets.Get(loopSet));
        Assert.Equal(probabilities, inPlace);
        int? share = LoopSets.Vector128Share(loopSet, count, least: 8);
        if (share != null)
            Assert.Equal(sum < 1L << 51 ? share : 0, LoopSets.Get(loopSet).Normalize(exponentials, count, sum, new int[count]));
    }

    [Theory]
    [MemberData(nameof(LoopSets.Names), MemberType = typeof(LoopSets))]
    public void Exponentials_AreExpQ30OfTheDistanceBelowTheLargest(string loopSet)
    {
        var rng = new Pcg32(35, 36);
        for (int trial = 0; trial < 4000; trial++)
        {
            int[] logits = FixedPointReference.TrialLogits(rng, trial, out int count, out int offset);
            int[] exponentials = new int[count];
            int temperature = trial % 13 == 0 ? 3 << 15 : Q.One16;
            long sum = Softmax.Exponentials(logits, offset, count, temperature, exponentials, out int max, LoopSets.Get(loopSet));
            long expectedSum = 0;
            for (int i = 0; i < count; i++)
            {
                int expected = FixedExp.ExpQ30(Softmax.ScaledDifference(logits[offset + i], max, temperature));
                Assert.Equal(expected, exponentials[i]);
                expectedSum += expected;
            }
            Assert.Equal(expectedSum, sum);
        }
    }
}
