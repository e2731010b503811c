using Edge.Core.Numerics;

namespace Edge.Boards.Simulated;

/// <summary>
/// Standard normal draws from <see cref="Pcg32"/> without transcendental functions, so the same seed gives
/// bit-identical doubles on every platform (Math.Log/Cos may differ in the last bit between runtimes).
/// Irwin–Hall: the sum of 12 uniforms minus 6 has mean 0 and σ 1 exactly, tails cut at ±6σ.
/// </summary>
public static class Gaussian
{
    private const double Scale = 1.0 / 8589934592.0; // 2^-33

    /// <summary>One N(0, 1) draw (12 calls of <see cref="Pcg32.NextUInt"/>).</summary>
    public static double Next(Pcg32 rng)
    {
        // Each term 2u + 1 is odd in [1, 2^33 − 1] with mean exactly 2^32: the sum is centred exactly.
        long sum = 0;
        for (int i = 0; i < 12; i++) sum += 2L * rng.NextUInt() + 1;
        return (sum - 12L * (1L << 32)) * Scale;
    }

    /// <summary>A N(0, 1) draw clamped to ±<paramref name="limit"/>σ (per-board quantities stay plausible).</summary>
    public static double NextClamped(Pcg32 rng, double limit) => Math.Clamp(Next(rng), -limit, limit);

    /// <summary>A uniform double in [−1, 1].</summary>
    public static double NextSymmetricUniform(Pcg32 rng) => (2.0 * rng.NextUInt() + 1.0) / 4294967296.0 - 1.0;
}
