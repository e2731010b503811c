using Edge.Host.Data;
using Xunit;

namespace Edge.Tests.Data;

public class SeededSplitTests
{
    [Fact]
    public void Shuffle_is_a_reproducible_permutation()
    {
        int[] a = SeededSplit.ShuffledIndices(1000);
        int[] b = SeededSplit.ShuffledIndices(1000);
        Assert.Equal(a, b);
        int[] sorted = (int[])a.Clone();
        Array.Sort(sorted);
        Assert.Equal(Enumerable.Range(0, 1000), sorted);
        Assert.NotEqual(a, SeededSplit.ShuffledIndices(1000, seed: SeededSplit.Seed + 1));
    }
}
