using System.Numerics.Tensors;
using Edge.Core.Numerics;

namespace Edge.Host.Transfer;

/// <summary>How the questions to the old board are chosen (docs/transfer.md compares them).</summary>
public enum QueryStrategy
{
    /// <summary>Spread over what the old model answers: k-center greedy on <see cref="OldModelProxy"/>'s logits (the default).</summary>
    ProxySpread,
    /// <summary>Spread over the inputs: k-center greedy on the features.</summary>
    InputSpread,
    /// <summary>Where the proxy is least sure: the smallest gap between its two highest logits.</summary>
    ProxyMargin,
    /// <summary>A fixed random order.</summary>
    Random,
}

/// <summary>
/// Which transfer stimuli the old board is asked about when it may answer only a few. The default spreads the
/// questions over what the old model answers (k-center greedy, the farthest-point traversal: each next question is
/// the stimulus whose proxy logits lie farthest from those of every stimulus asked so far), so a few answers cover
/// every kind of answer the set holds, the confusable ones between classes included. It continues from the answers
/// a cache already holds, so a resumed harvest asks what the interrupted one would have asked next.
/// </summary>
public static class QuerySelection
{
    public static readonly IReadOnlyDictionary<string, QueryStrategy> Names = new Dictionary<string, QueryStrategy>
    {
        ["proxy-spread"] = QueryStrategy.ProxySpread,
        ["input-spread"] = QueryStrategy.InputSpread,
        ["proxy-margin"] = QueryStrategy.ProxyMargin,
        ["random"] = QueryStrategy.Random,
    };

    public static string Name(QueryStrategy strategy) => Names.First(n => n.Value == strategy).Key;

    /// <summary>
    /// Up to <paramref name="count"/> more indices of <paramref name="set"/>, in the order to ask them, none of them in
    /// <paramref name="asked"/>. The proxy strategies need <paramref name="proxy"/>; without one they spread over the inputs.
    /// </summary>
    public static int[] Next(float[][] set, IReadOnlyCollection<int> asked, int count, QueryStrategy strategy, OldModelProxy? proxy)
    {
        count = Math.Min(count, set.Length - asked.Count);
        if (count <= 0) return [];
        var taken = new HashSet<int>(asked);
        switch (strategy)
        {
            case QueryStrategy.Random:
                return BatchedBoardCalls.ShuffledOrder(set.Length, new Pcg32(0x5E1EC7, 11)).Where(i => !taken.Contains(i)).Take(count).ToArray();
            case QueryStrategy.ProxyMargin when proxy != null:
                long[] margins = set.Select(f => Margin(proxy.Logits(f))).ToArray();
                return Enumerable.Range(0, set.Length).Where(i => !taken.Contains(i)).OrderBy(i => margins[i]).ThenBy(i => i).Take(count).ToArray();
            case QueryStrategy.ProxySpread when proxy != null:
                return Spread(set.Select(f => Array.ConvertAll(proxy.Logits(f), l => l / 65536f)).ToArray(), taken, count);
            default:
                return Spread(set, taken, count);
        }
    }

    /// <summary>K-center greedy over <paramref name="points"/>: with nothing asked yet, first the point nearest their mean.</summary>
    private static int[] Spread(float[][] points, HashSet<int> asked, int count)
    {
        var nearest = new float[points.Length];
        Array.Fill(nearest, float.PositiveInfinity);
        foreach (int i in asked) Update(points, nearest, i);
        var chosen = new int[count];
        for (int k = 0; k < count; k++)
        {
            int pick = asked.Count == 0 && k == 0 ? NearestToMean(points) : Farthest(nearest);
            chosen[k] = pick;
            Update(points, nearest, pick);
        }
        return chosen;
    }

    /// <summary>Lowers each point's distance to its nearest asked one by the newly asked <paramref name="center"/>, which is never picked again.</summary>
    private static void Update(float[][] points, float[] nearest, int center)
    {
        float[] c = points[center];
        for (int j = 0; j < points.Length; j++)
        {
            float d = TensorPrimitives.Distance(c, points[j]);
            if (d < nearest[j]) nearest[j] = d;
        }
        nearest[center] = float.NegativeInfinity;
    }

    /// <summary>The point farthest from all asked ones (the lowest index among equals).</summary>
    private static int Farthest(float[] nearest)
    {
        int best = 0;
        for (int j = 1; j < nearest.Length; j++) if (nearest[j] > nearest[best]) best = j;
        return best;
    }

    private static int NearestToMean(float[][] points)
    {
        var mean = new float[points[0].Length];
        foreach (float[] row in points) TensorPrimitives.Add(mean, row, mean);
        TensorPrimitives.Divide(mean, points.Length, mean);
        int best = 0;
        float bestDistance = float.PositiveInfinity;
        for (int j = 0; j < points.Length; j++)
        {
            float d = TensorPrimitives.Distance(mean, points[j]);
            if (d < bestDistance) { bestDistance = d; best = j; }
        }
        return best;
    }

    /// <summary>Top logit minus the runner-up's.</summary>
    private static long Margin(int[] logits)
    {
        long first = long.MinValue, second = long.MinValue;
        foreach (int l in logits)
        {
            if (l > first) { second = first; first = l; }
            else if (l > second) second = l;
        }
        return first - second;
    }
}
