using Edge.Core.Kernels;
using Edge.Core.Numerics;
using Edge.Tests.AcceleratedTwins;

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
            int count = 1 + trial % 20;
            int[] exponentials = new int[count];
            for (int i = 0; i < count; i++) exponentials[i] = trial % 5 == 0 ? Q.One30 : rng.NextInt(Q.One30) + 1;
            exponentials[rng.NextInt(count)] = Q.One30;   // the largest term is exactly 1.0, as in a softmax
            long sum = 0;
            foreach (int e in exponentials) sum += e;
            if (trial % 7 == 0) sum += rng.NextInt(1 << 20);
            if (trial % 11 == 0) sum = 1L << (40 + trial % 10);   // quotients near 0, and exact halves
            int[] probabilities = new int[count];
            Softmax.Normalize(exponentials, count, sum, probabilities, LoopSets.Get(loopSet));
            for (int i = 0; i < count; i++)
                Assert.Equal((int)((((long)exponentials[i] << 16) + (sum >> 1)) / sum), probabilities[i]);
            int[] inPlace = (int[])exponentials.Clone();
            Softmax.Normalize(inPlace, count, sum, inPlace, LoopSets.Get(loopSet));
            Assert.Equal(probabilities, inPlace);
        }
    }

    [Theory]
    [MemberData(nameof(LoopSets.Names), MemberType = typeof(LoopSets))]
    public void Exponentials_AreExpQ30OfTheDistanceBelowTheLargest(string loopSet)
    {
        var rng = new Pcg32(35, 36);
        for (int trial = 0; trial < 4000; trial++)
        {
            int count = 1 + trial % 20;
            int offset = trial % 3;
            int[] logits = new int[offset + count + trial % 2];
            // logits within a few units, far apart, and at both ends of int32 (differences beyond 2^31)
            int spread = trial % 4 == 0 ? int.MaxValue : 1 << (10 + trial % 20);
            for (int i = 0; i < logits.Length; i++)
                logits[i] = trial % 9 == 0 ? (rng.NextInt(2) == 0 ? int.MinValue : int.MaxValue) : rng.NextInt(spread) - spread / 2;
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
