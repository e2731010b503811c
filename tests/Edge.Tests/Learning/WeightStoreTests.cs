using Edge.Core.Learning;
using Edge.Core.Numerics;

namespace Edge.Tests.Learning;

public class WeightStoreTests
{
    /// <summary>
    /// A constant step of 1/40 LSB per sample, 4000 times: every store must move the weight by about
    /// 100 LSB (the exact SGD result), where plain round-to-nearest would move it 0.
    /// </summary>
    [Theory]
    [InlineData(16, 0)]
    [InlineData(8, 1)]    // 3σ of the stochastic rounding noise, in LSB
    [InlineData(4, 6)]
    [InlineData(2, 15)]
    [InlineData(0, 30)]
    public void TinyUpdates_AccumulateInEveryStore(int extraBits, int toleranceLsb)
    {
        var weights = new short[4];
        var biases = new short[1];
        WeightStore store = WeightStore.Create(weights, biases, 4, extraBits, seed: 5);
        // lr·g·x / B = 2^-12 · 1 · 1 / 40 = 1/40 of a Q3.12 LSB per step
        int[] gradient = { -Q.One16 };
        short[] input = { 32767, 32767, 32767, 32767 };
        int learningRateQ16 = 1 << (Q.ValueFrac - Q.WeightFrac);
        for (int i = 0; i < 4000; i++)
        {
            store.Step(gradient, learningRateQ16, 40, input, Q.InputFrac);
            store.Commit();
        }
        // exact: 4000 · (1/40) · (32767/32768) ≈ 99.997 LSB; biases see x = 1 exactly: 100 LSB
        foreach (short w in weights)
            Assert.InRange(w, 100 - 1 - toleranceLsb, 100 + toleranceLsb);
        Assert.InRange(biases[0], 100 - toleranceLsb, 100 + toleranceLsb);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(11)]   // an odd batch, and one split over two applications (16 + 11 = 27 samples)
    [InlineData(27)]
    public void MasterWeights_MoveByTheBatchSum_ExactToTheMantissaPrecision(int samples)
    {
        // float reference: each master moves by Σ_b c_b·x_b (in master LSBs); the batch shares one
        // 15-bit exponent per unit, so the error is below one rounding per sample of 2^-15 of the largest term
        var rng = new Pcg32(21, 22);
        const int inCount = 20, units = 3, inFrac = Q.InputFrac;
        var store = new MasterWeights(new short[units * inCount], new short[units], inCount);
        var exact = new double[units * inCount];
        var largest = new double[units];
        for (int b = 0; b < samples; b++)
        {
            var input = new short[inCount];
            for (int j = 0; j < inCount; j++) input[j] = (short)(rng.NextInt(65536) - 32768);
            var gradient = new int[units];
            for (int o = 0; o < units; o++) gradient[o] = rng.NextInt(1 << 20) - (1 << 19);
            gradient[1] = b % 2 == 0 ? 0 : gradient[1];   // a unit whose step is often 0
            store.Step(gradient, 1966, 16, input, inFrac);
            for (int o = 0; o < units; o++)
            {
                double c = Math.Truncate(1966.0 * gradient[o] / 16);   // Q.32
                largest[o] = Math.Max(largest[o], Math.Abs(c));
                for (int j = 0; j < inCount; j++) exact[o * inCount + j] -= c * input[j] / Math.Pow(2, 32 + inFrac - MasterWeights.MasterFrac);
            }
        }
        store.Commit();
        for (int o = 0; o < units; o++)
            for (int j = 0; j < inCount; j++)
            {
                // per sample: the mantissa's rounding, 2^(e−1) of c with 2^e ≈ largest / 2^15, times |x| ≤ 2^15
                double tolerance = samples * largest[o] / 32768 * 32768 / Math.Pow(2, 32 + inFrac - MasterWeights.MasterFrac) + 2;
                Assert.InRange(store.Weights[o * inCount + j], exact[o * inCount + j] - tolerance, exact[o * inCount + j] + tolerance);
            }
        Assert.Equal(0, store.Pending);
    }

    [Fact]
    public void LowBits_PackedNeighboursDoNotDisturbEachOther()
    {
        var weights = new short[7];
        var biases = new short[1];
        var store = new LowBitWeights(weights, biases, 7, 4, seed: 1);
        short[] input = new short[7];
        // only input 3 is non-zero: only weight 3 may change, its packed neighbours must not
        input[3] = 16384;
        int[] gradient = { -Q.One16 };
        // each step: lr 2^-13 · g 1 · x 0.5 = 2^-14 = exactly 4 units of the 4 extra bits
        for (int i = 0; i < 100; i++) store.Step(gradient, 1 << 3, 1, input, Q.InputFrac);
        for (int j = 0; j < 7; j++)
            if (j != 3) Assert.Equal(0, weights[j]);
        Assert.Equal(25, weights[3]);
    }

    [Fact]
    public void Saturation_AtTheQ3_12Limits_NoWrapAround()
    {
        foreach (int extraBits in new[] { 16, 8, 4, 2, 0 })
        {
            var weights = new short[] { 32700, -32700 };
            var biases = new short[] { 0, 0 };
            WeightStore store = WeightStore.Create(weights, biases, 1, extraBits, 1);
            int[] gradient = { -Q.One16 * 100, Q.One16 * 100 };
            short[] input = { 32767 };
            for (int i = 0; i < 50; i++) { store.Step(gradient, Q.One16, 1, input, Q.InputFrac); store.Commit(); }
            Assert.Equal(short.MaxValue, weights[0]);
            Assert.Equal(short.MinValue, weights[1]);
        }
    }
}
