namespace Edge.Host.Seed;

/// <summary>The little vector arithmetic the experiments need, in double.</summary>
public static class Vectors
{
    /// <summary>cos ∠(a, b); 0 when either is the zero vector (a step that moves nothing points nowhere).</summary>
    public static double Cosine(double[] a, double[] b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"vectors of {a.Length} and {b.Length} values");
        double dot = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return aa == 0 || bb == 0 ? 0 : dot / Math.Sqrt(aa * bb);
    }

    /// <summary>a − b.</summary>
    public static double[] Difference(double[] a, double[] b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"vectors of {a.Length} and {b.Length} values");
        var d = new double[a.Length];
        for (int i = 0; i < a.Length; i++) d[i] = a[i] - b[i];
        return d;
    }

    public static double[] Negated(double[] a) => a.Select(v => -v).ToArray();

    /// <summary>The mean of <paramref name="values"/> and its standard error (sample standard deviation / √n).</summary>
    public static (double Mean, double Error) MeanAndError(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return (double.NaN, double.NaN);
        double mean = values.Average();
        if (values.Count == 1) return (mean, double.NaN);
        double variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
        return (mean, Math.Sqrt(variance / values.Count));
    }
}
