using System.Numerics;
using Edge.Core.Numerics;

namespace Edge.Tests.Numerics;

/// <summary>
/// Double-precision references and seeded random inputs shared by the fixed-point tests.
/// Randomness comes from <see cref="Pcg32"/> only, so every test sees the same inputs on every run.
/// </summary>
public static class FixedPointReference
{
    /// <summary>The real value of a fixed-point integer with <paramref name="frac"/> fractional bits.</summary>
    public static double ToReal(long value, int frac) => value * Math.Pow(2, -frac);

    /// <summary>Q15.16 of a real value, rounded to nearest (for building test inputs).</summary>
    public static int ToQ16(double value) => checked((int)Math.Round(value * Q.One16));

    /// <summary>A uniform integer in [lo, hi] (inclusive), from the core PRNG.</summary>
    public static long Uniform(Pcg32 rng, long lo, long hi)
    {
        ulong span = (ulong)(hi - lo) + 1;
        if (span == 0) return (long)(((ulong)rng.NextUInt() << 32) | rng.NextUInt());
        ulong draw = ((ulong)rng.NextUInt() << 32) | rng.NextUInt();
        return lo + (long)(draw % span); // modulo bias below 2^-30 for the spans used here: irrelevant for tests
    }

    /// <summary>The exact round-half-up of x / 2^shift (the rounding Sat promises), by big integers.</summary>
    public static BigInteger RoundHalfUp(BigInteger x, int shift)
    {
        if (shift <= 0) return x << -shift;
        BigInteger divisor = BigInteger.One << shift;
        BigInteger shifted = x + (divisor >> 1);
        BigInteger quotient = BigInteger.DivRem(shifted, divisor, out BigInteger remainder);
        if (remainder.Sign < 0) quotient -= 1; // floor, not truncation
        return quotient;
    }

    public static long Clamp(BigInteger x, long lo, long hi) => x < lo ? lo : x > hi ? hi : (long)x;

    /// <summary>softmax(z / T) in double, stable.</summary>
    public static double[] SoftmaxReference(double[] logits, double temperature)
    {
        double max = logits.Max();
        double[] p = new double[logits.Length];
        double sum = 0;
        for (int i = 0; i < p.Length; i++) { p[i] = Math.Exp((logits[i] - max) / temperature); sum += p[i]; }
        for (int i = 0; i < p.Length; i++) p[i] /= sum;
        return p;
    }

    /// <summary>log softmax(z / T) in double, stable.</summary>
    public static double[] LogSoftmaxReference(double[] logits, double temperature)
    {
        double max = logits.Max();
        double sum = 0;
        for (int i = 0; i < logits.Length; i++) sum += Math.Exp((logits[i] - max) / temperature);
        double logSum = Math.Log(sum);
        double[] result = new double[logits.Length];
        for (int i = 0; i < logits.Length; i++) result[i] = (logits[i] - max) / temperature - logSum;
        return result;
    }

    /// <summary>Random Q15.16 logits uniform in [−range, +range].</summary>
    public static int[] RandomLogits(Pcg32 rng, int count, double range)
    {
        int limit = ToQ16(range);
        int[] logits = new int[count];
        for (int i = 0; i < count; i++) logits[i] = (int)Uniform(rng, -limit, limit);
        return logits;
    }

    /// <summary>
    /// The logits of a softmax test's trial: 1–20 classes from an offset of 0–2 in an array one longer on odd trials, close
    /// together, far apart or at both ends of int32 (differences beyond 2^31), by the trial's number.
    /// </summary>
    public static int[] TrialLogits(Pcg32 rng, int trial, out int count, out int offset)
    {
        count = 1 + trial % 20;
        offset = trial % 3;
        int[] logits = new int[offset + count + trial % 2];
        int spread = trial % 4 == 0 ? int.MaxValue : 1 << (10 + trial % 20);
        for (int i = 0; i < logits.Length; i++)
            logits[i] = trial % 9 == 0 ? (rng.NextInt(2) == 0 ? int.MinValue : int.MaxValue) : rng.NextInt(spread) - spread / 2;
        return logits;
    }

    public static double[] ToReal(int[] values, int frac)
    {
        double[] result = new double[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = ToReal(values[i], frac);
        return result;
    }
}
