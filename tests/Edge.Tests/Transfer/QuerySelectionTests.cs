using Edge.Core.Numerics;
using Edge.Core.Storage;
using Edge.Host.Transfer;

namespace Edge.Tests.Transfer;

/// <summary>Which stimuli the old board is asked about, how many, and which answers are held out.</summary>
public sealed class QuerySelectionTests
{
    /// <summary>Six tight clusters of 40 points each in 8 dimensions, shuffled.</summary>
    private static (float[][] Points, int[] Cluster) Clusters()
    {
        var rng = new Pcg32(5, 1);
        var centers = Enumerable.Range(0, 6).Select(_ => Enumerable.Range(0, 8).Select(_ => rng.NextInt(1 << 20) / (float)(1 << 20)).ToArray()).ToArray();
        var points = new List<(float[], int)>();
        for (int c = 0; c < centers.Length; c++)
            for (int k = 0; k < 40; k++)
                points.Add((centers[c].Select(v => v + 0.01f * (rng.NextInt(1 << 20) / (float)(1 << 20) - 0.5f)).ToArray(), c));
        int[] order = BatchedBoardCalls.ShuffledOrder(points.Count, new Pcg32(9, 2));
        return (order.Select(i => points[i].Item1).ToArray(), order.Select(i => points[i].Item2).ToArray());
    }

    [Fact]
    public void TheSpread_AsksOnceInEveryCluster_BeforeAskingAnyTwice()
    {
        var (points, cluster) = Clusters();
        int[] first = QuerySelection.Next(points, [], 6, QueryStrategy.InputSpread, proxy: null);
        Assert.Equal(6, first.Select(i => cluster[i]).Distinct().Count());
        // a random pick of six from six clusters of equal size misses one in almost every draw: this one does
        int[] random = QuerySelection.Next(points, [], 6, QueryStrategy.Random, proxy: null);
        Assert.True(random.Select(i => cluster[i]).Distinct().Count() < 6);
    }

    [Theory]
    [InlineData(QueryStrategy.ProxySpread)]
    [InlineData(QueryStrategy.InputSpread)]
    [InlineData(QueryStrategy.ProxyMargin)]
    [InlineData(QueryStrategy.Random)]
    public void AResumedSelection_AsksWhatTheWholeOneWouldHaveAskedNext(QueryStrategy strategy)
    {
        var (points, _) = Clusters();
        OldModelProxy proxy = Proxy();
        int[] whole = QuerySelection.Next(points, [], 50, strategy, proxy);
        Assert.Equal(50, whole.Distinct().Count());
        int[] rest = QuerySelection.Next(points, whole[..17], 33, strategy, proxy);
        Assert.Equal(whole[17..], rest);
        Assert.Empty(QuerySelection.Next(points, Enumerable.Range(0, points.Length).ToArray(), 5, strategy, proxy));
        Assert.Equal(points.Length - 230, QuerySelection.Next(points, Enumerable.Range(0, 230).ToArray(), 500, strategy, proxy).Length);
    }

    [Fact]
    public void TheProxySpread_SpreadsOverTheOldModelsAnswers_NotOverItsInputs()
    {
        var (points, _) = Clusters();
        OldModelProxy proxy = Proxy();
        int[] answersSpread = QuerySelection.Next(points, [], 12, QueryStrategy.ProxySpread, proxy);
        int[] inputsSpread = QuerySelection.Next(points, [], 12, QueryStrategy.InputSpread, proxy);
        Assert.NotEqual(inputsSpread, answersSpread);
        // each next question's answer is the farthest from those asked: the distances to the nearest asked shrink
        float[][] logits = points.Select(p => Array.ConvertAll(proxy.Logits(p), l => l / 65536f)).ToArray();
        double[] gaps = Enumerable.Range(2, 10).Select(k => answersSpread[..k].Min(a => Distance(logits[answersSpread[k]], logits[a]))).ToArray();
        for (int k = 1; k < gaps.Length; k++) Assert.True(gaps[k] <= gaps[k - 1] + 1e-4, $"question {k + 2} was nearer than the one before");
    }

    [Theory]
    [InlineData(2410, 10, 1297, 402)]      // 64-32-10 on digits
    [InlineData(26506, 10, 60000, 4418)]   // 196-128-10 on fashion14
    [InlineData(26506, 10, 1000, 1000)]    // never more than the set
    [InlineData(100, 2, 50, 50)]
    public void TheDefaultBudget_FollowsTheOldModelsSize(int weights, int classes, int setSize, int expected) =>
        Assert.Equal(expected, DistillationDefaults.Queries(weights, classes, setSize));

    [Fact]
    public void ATenthOfTheHarvestIsHeldOut_AlwaysTheSameTenth()
    {
        int[] harvested = Enumerable.Range(0, 1297).Where(i => i % 3 != 0).ToArray();
        var (train, heldOut) = HeldOut.Split(harvested);
        Assert.Equal(86, heldOut.Length);
        Assert.Empty(train.Intersect(heldOut));
        Assert.Equal(harvested, train.Concat(heldOut).Order());
        Assert.Equal(heldOut, HeldOut.Split(harvested.Reverse()).HeldOut);
        Assert.Empty(HeldOut.Split(Enumerable.Range(0, 9)).HeldOut);   // too few to tell anything
    }

    private static OldModelProxy Proxy()
    {
        var config = new ModelConfig { Algorithm = 1, InitSeed = 4 };
        config.SetSizes([8, 12, 5]);
        var rng = new Pcg32(3, 3);
        short[] weights = Enumerable.Range(0, (int)config.ParameterCount).Select(_ => (short)(rng.NextInt(8192) - 4096)).ToArray();
        return new OldModelProxy(config, weights, 0);
    }

    private static double Distance(float[] a, float[] b) => Math.Sqrt(a.Zip(b, (x, y) => (double)(x - y) * (x - y)).Sum());
}
