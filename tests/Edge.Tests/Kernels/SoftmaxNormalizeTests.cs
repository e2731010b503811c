using Edge.Core.Kernels;
using Edge.Core.Numerics;
using Edge.Tests.AcceleratedTwins;

namespace Edge.Tests.Kernels;

/// <summary>Softmax.Normalize (and each set of vector twins of its loop) must give the rounded integer quotient of the device's loop.</summary>
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
}
