using Edge.Core.Numerics;
using Edge.Host.Data;

namespace Edge.Host.Seed;

/// <summary>How the experiments pick and read their samples: ideal ADC codes, and seeded class-balanced subsets.</summary>
public static class Samples
{
    /// <summary>Every row read through an ideal, noise-free ADC of <paramref name="bits"/> bits (as `edge bench learn` reads them without --adc-noise).</summary>
    public static int[][] IdealCodes(float[][] features, int bits) => features.Select(f =>
    {
        var codes = new int[f.Length];
        AdcEncoder.Quantize(f, bits, codes);
        return codes;
    }).ToArray();

    /// <summary>
    /// The sample indices in a seeded order that deals the classes in turn (one of each class, then the next of each...):
    /// any prefix is a class-balanced subset, and the subsets of growing size are nested.
    /// </summary>
    public static int[] Stratified(int[] labels, int classes, ulong seed)
    {
        Queue<int>[] perClass = ByClass(labels, classes, seed).Select(c => new Queue<int>(c)).ToArray();
        var dealt = new List<int>(labels.Length);
        while (dealt.Count < labels.Length)
            foreach (Queue<int> queue in perClass)
                if (queue.Count > 0) dealt.Add(queue.Dequeue());
        return dealt.ToArray();
    }

    /// <summary>
    /// <paramref name="parts"/> disjoint, class-balanced parts of the samples: each class's samples (in a seeded order) are
    /// dealt to the parts in turn, every class starting one part further on, so the parts' sizes differ by at most one per class.
    /// </summary>
    public static int[][] Parts(int[] labels, int classes, int parts, ulong seed)
    {
        var dealt = Enumerable.Range(0, parts).Select(_ => new List<int>()).ToArray();
        int[][] byClass = ByClass(labels, classes, seed);
        for (int c = 0; c < classes; c++)
            for (int k = 0; k < byClass[c].Length; k++) dealt[(c + k) % parts].Add(byClass[c][k]);
        return dealt.Select(d => d.ToArray()).ToArray();
    }

    /// <summary>Each class's sample indices, in one seeded order.</summary>
    private static int[][] ByClass(int[] labels, int classes, ulong seed)
    {
        int[] order = Enumerable.Range(0, labels.Length).ToArray();
        Learn.LearnBenchmark.Shuffle(order, new Pcg32(seed, 5));
        return Enumerable.Range(0, classes).Select(c => order.Where(i => labels[i] == c).ToArray()).ToArray();
    }

    public static T[] Pick<T>(T[] values, int[] indices) => indices.Select(i => values[i]).ToArray();
}
