using Edge.Core.Kernels;
using Edge.Core.Numerics;
using Xunit;

namespace Edge.Tests.Kernels;

/// <summary>ReLU and hard tanh: Q15.16 pre-activation to Q4.11 activation, exact, saturating.</summary>
public class ActivationTests
{
    // Q15.16 → Q4.11 divides by 2^5; ties round toward +infinity, as everywhere in Sat.
    private static long RoundToQ411(long z) => (long)Math.Floor(z / 32.0 + 0.5);

    private static IEnumerable<int> PreActivations()
    {
        for (int z = -(1 << 20); z <= (1 << 21); z += 7) yield return z;          // ±16 and beyond, odd step hits every residue mod 32
        for (int z = 16 * Q.One16 - 64; z <= 16 * Q.One16 + 64; z++) yield return z; // around the Q4.11 top
        for (int z = -Q.One16 - 64; z <= -Q.One16 + 64; z++) yield return z;         // around −1
        for (int z = Q.One16 - 64; z <= Q.One16 + 64; z++) yield return z;           // around +1
        for (int z = -64; z <= 64; z++) yield return z;
        yield return int.MaxValue;
        yield return int.MinValue;
        yield return int.MaxValue - 16;
        yield return int.MinValue + 1;
    }

    private static short[] Apply(IActivation activation, int[] z)
    {
        short[] h = new short[z.Length];
        activation.Forward(0, z, h, z.Length);
        return h;
    }

    [Fact]
    public void ReluIsMaxZeroRoundedAndSaturatedAtTheQ411Limit()
    {
        int[] z = PreActivations().ToArray();
        short[] h = Apply(Relu.Instance, z);
        for (int i = 0; i < z.Length; i++)
        {
            long expected = Math.Clamp(RoundToQ411(Math.Max(0, (long)z[i])), 0, short.MaxValue);
            Assert.True(expected == h[i], $"relu({z[i]} / 2^16) = {h[i]}, expected {expected} (bound: exact)");
        }
        // 16 − 2^-12 rounds up to 16.0, which is one past the top of Q4.11: saturates to 16 − 2^-11.
        Assert.Equal(short.MaxValue, Apply(Relu.Instance, new[] { 16 * Q.One16 - 16 })[0]);
        Assert.Equal(short.MaxValue - 1, Apply(Relu.Instance, new[] { 16 * Q.One16 - 64 })[0]);
        Assert.Equal(short.MaxValue, Apply(Relu.Instance, new[] { int.MaxValue })[0]);
        Assert.Equal(0, Apply(Relu.Instance, new[] { int.MinValue })[0]);
        Assert.Equal(1, Apply(Relu.Instance, new[] { 16 })[0]); // half an LSB rounds up
        Assert.Equal(0, Apply(Relu.Instance, new[] { 15 })[0]);
    }

    [Fact]
    public void HardTanhClampsToPlusMinusOneAndRoundsExactly()
    {
        int[] z = PreActivations().ToArray();
        short[] h = Apply(HardTanh.Instance, z);
        for (int i = 0; i < z.Length; i++)
        {
            long expected = RoundToQ411(Math.Clamp((long)z[i], -Q.One16, Q.One16));
            Assert.True(expected == h[i], $"hardtanh({z[i]} / 2^16) = {h[i]}, expected {expected} (bound: exact)");
            Assert.InRange(h[i], -Q.OneActivation, Q.OneActivation);
        }
        Assert.Equal(Q.OneActivation, Apply(HardTanh.Instance, new[] { int.MaxValue })[0]);
        Assert.Equal(-Q.OneActivation, Apply(HardTanh.Instance, new[] { int.MinValue })[0]);
        Assert.Equal(0, Apply(HardTanh.Instance, new[] { -16 })[0]); // −half an LSB rounds toward +infinity
        Assert.Equal(-1, Apply(HardTanh.Instance, new[] { -17 })[0]);
    }

    [Fact]
    public void ActivationsOnlyTouchTheFirstCountEntries()
    {
        int[] z = { Q.One16, Q.One16, Q.One16 };
        short[] h = { -7, -7, -7 };
        Relu.Instance.Forward(0, z, h, 2);
        Assert.Equal(new short[] { 2048, 2048, -7 }, h);
        HardTanh.Instance.Forward(1, z, h, 1);
        Assert.Equal(new short[] { 2048, 2048, -7 }, h);
    }
}
