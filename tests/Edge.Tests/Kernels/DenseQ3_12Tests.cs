using System.Numerics;
using Edge.Core.Kernels;
using Edge.Core.Numerics;
using Xunit;
using static Edge.Tests.Numerics.FixedPointReference;

namespace Edge.Tests.Kernels;

/// <summary>The dense kernel: exact rounding of the exact sum, saturated, for any fan-in used by Edge.</summary>
public class DenseQ3_12Tests
{
    /// <summary>The exact pre-activation: round-half-up of (b·2^inFrac + Σ w·x) / 2^(12 + inFrac − 16), clamped to int32.</summary>
    private static int ExactUnit(short[] w, int row, short b, short[] x, int inFrac, int inCount)
    {
        BigInteger acc = (BigInteger)b << inFrac;
        for (int i = 0; i < inCount; i++) acc += (BigInteger)w[row + i] * x[i];
        return (int)Clamp(RoundHalfUp(acc, Q.WeightFrac + inFrac - Q.ValueFrac), int.MinValue, int.MaxValue);
    }

    /// <summary>The same in double: b + Σ w·x with real-valued weights and inputs.</summary>
    private static double RealUnit(short[] w, int row, short b, short[] x, int inFrac, int inCount)
    {
        double sum = ToReal(b, Q.WeightFrac);
        for (int i = 0; i < inCount; i++) sum += ToReal(w[row + i], Q.WeightFrac) * ToReal(x[i], inFrac);
        return sum;
    }

    private static short[] RandomShorts(Pcg32 rng, int count, int lo, int hi)
    {
        short[] values = new short[count];
        for (int i = 0; i < count; i++) values[i] = (short)Uniform(rng, lo, hi);
        return values;
    }

    [Theory]
    [InlineData(64, 32, 15)]
    [InlineData(196, 128, 15)]
    [InlineData(1024, 10, 15)]
    [InlineData(128, 10, 11)]
    [InlineData(1, 1, 15)]
    [InlineData(7, 3, 11)]
    public void RandomLayersMatchTheDoubleReference(int inCount, int outCount, int inFrac)
    {
        var rng = new Pcg32(31, (ulong)(inCount * 1000 + outCount));
        // Weights in ±1 (typical trained weights), biases in ±0.5; inputs Q0.15 in [0, 1) or Q4.11 in ±4.
        short[] w = RandomShorts(rng, inCount * outCount, -4096, 4096);
        short[] b = RandomShorts(rng, outCount, -2048, 2048);
        short[] x = inFrac == 15 ? RandomShorts(rng, inCount, 0, 32767) : RandomShorts(rng, inCount, -8192, 8192);
        int[] z = new int[outCount];
        DenseQ3_12.Forward(w, b, 0, x, inFrac, inCount, outCount, z);
        for (int o = 0; o < outCount; o++)
        {
            double exact = RealUnit(w, o * inCount, b[o], x, inFrac, inCount);
            double got = ToReal(z[o], Q.ValueFrac);
            // Bound: half a Q15.16 LSB (the only rounding), plus double round-off.
            Assert.True(Math.Abs(got - exact) <= 0.5 / 65536 + 1e-9,
                $"unit {o}: got {got}, double reference {exact}, |error| {Math.Abs(got - exact):E3} > 2^-17");
            Assert.Equal(ExactUnit(w, o * inCount, b[o], x, inFrac, inCount), z[o]);
        }
    }

    [Theory]
    [InlineData(1024, 15, 32767, 32767, 32767)]    // +2^40-ish: fits Q15.16 after the shift by 11
    [InlineData(1024, 15, -32768, 32767, -32768)]
    [InlineData(1024, 15, -32768, -32767, 32767)]
    [InlineData(1024, 11, 32767, 32767, 32767)]    // shift by 7: saturates at int.MaxValue
    [InlineData(1024, 11, -32768, 32767, -32768)]  // saturates at int.MinValue
    [InlineData(1024, 11, -32768, -32767, 32767)]
    [InlineData(196, 15, 32767, 32767, 32767)]
    [InlineData(196, 11, -32768, 32767, -32768)]
    [InlineData(64, 11, 32767, -32767, -32768)]
    public void FullScaleInputsNeverWrap(int inCount, int inFrac, short weight, short input, short bias)
    {
        const int outCount = 4;
        short[] w = Enumerable.Repeat(weight, inCount * outCount).ToArray();
        short[] x = Enumerable.Repeat(input, inCount).ToArray();
        short[] b = Enumerable.Repeat(bias, outCount).ToArray();
        int[] z = new int[outCount];
        DenseQ3_12.Forward(w, b, 0, x, inFrac, inCount, outCount, z);
        int expected = ExactUnit(w, 0, bias, x, inFrac, inCount);
        double real = RealUnit(w, 0, bias, x, inFrac, inCount);
        for (int o = 0; o < outCount; o++)
        {
            Assert.Equal(expected, z[o]);
            // The sign always follows the exact sum (wrap-around would flip it).
            Assert.Equal(Math.Sign(real), Math.Sign(z[o]));
        }
    }

    [Theory]
    [InlineData(1024, 15)]
    [InlineData(1024, 11)]
    [InlineData(196, 11)]
    public void RandomFullScaleSignsEqualTheSaturatedExactValue(int inCount, int inFrac)
    {
        const int outCount = 32;
        var rng = new Pcg32(32, (ulong)inCount + (ulong)inFrac);
        short[] w = new short[inCount * outCount];
        for (int i = 0; i < w.Length; i++) w[i] = rng.NextBits(1) == 0 ? short.MinValue : short.MaxValue;
        short[] x = new short[inCount];
        for (int i = 0; i < x.Length; i++) x[i] = rng.NextBits(1) == 0 ? (short)-32767 : (short)32767;
        // Half the rows biased toward one sign, so some units saturate and some do not.
        for (int o = 0; o < outCount / 2; o++)
            for (int i = 0; i < inCount; i++)
                if (rng.NextInt(4) != 0) w[o * inCount + i] = x[i] > 0 ? short.MaxValue : short.MinValue;
        short[] b = RandomShorts(rng, outCount, short.MinValue, short.MaxValue);
        int[] z = new int[outCount];
        DenseQ3_12.Forward(w, b, 0, x, inFrac, inCount, outCount, z);
        for (int o = 0; o < outCount; o++)
            Assert.Equal(ExactUnit(w, o * inCount, b[o], x, inFrac, inCount), z[o]);
    }

    [Fact]
    public void UnitUsesItsRowAndShift()
    {
        short[] w = { 4096, 0, 0, 8192 }; // rows [1, 0] and [0, 2]
        short[] x = { 16384, 16384 };     // 0.5, 0.5 in Q0.15
        int z = DenseQ3_12.Unit(w, 2, 2048, x, 15, 2, Q.WeightFrac + 15 - Q.ValueFrac);
        Assert.Equal(Q.One16 + Q.One16 / 2, z); // 0.5 + 2·0.5 = 1.5
    }

    [Fact]
    public void GoldenVectorsPinTheOutputBitExactly()
    {
        // Fixed seed, 24 inputs → 6 units, Q0.15 inputs and Q4.11 inputs. Any change of the
        // rounding (or of Pcg32) changes these numbers.
        var rng = new Pcg32(2025, 1);
        short[] w = RandomShorts(rng, 24 * 6, -6000, 6000);
        short[] b = RandomShorts(rng, 6, -3000, 3000);
        short[] x15 = RandomShorts(rng, 24, 0, 32767);
        short[] x11 = RandomShorts(rng, 24, -20000, 20000);
        int[] z15 = new int[6], z11 = new int[6];
        DenseQ3_12.Forward(w, b, 0, x15, 15, 24, 6, z15);
        DenseQ3_12.Forward(w, b, 0, x11, 11, 24, 6, z11);
        Assert.Equal(GoldenQ015, z15);
        Assert.Equal(GoldenQ411, z11);
    }

    private static readonly int[] GoldenQ015 = { 79819, -53743, -62950, 292492, -50778, 207227 };
    private static readonly int[] GoldenQ411 = { 2976692, 749264, -1209138, -203604, -290244, -1630055 };
}
