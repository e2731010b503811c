using Edge.Core.Kernels;
using Edge.Core.Learning;
using Edge.Core.Numerics;

namespace Edge.Tests.Performance;

/// <summary>The accelerated master-weight update loops must give exactly the portable ones' masters and weights.</summary>
public class WeightUpdateTwinTests
{
    private static readonly IWeightUpdateKernel[] Twins = [WeightUpdateAvx512.Instance, WeightUpdateAvx2.Instance];

    [Fact]
    public void SubtractScaledRow_RandomAndExtreme_BitIdentical()
    {
        var rng = new Pcg32(5, 6);
        int[] counts = [1, 15, 16, 17, 31, 32, 33, 64, 128, 196, 200, 512];
        int[] mantissas = [0, 1, -1, short.MaxValue, -short.MaxValue, 12345, -20000];
        for (int trial = 0; trial < 400; trial++)
        {
            int count = counts[trial % counts.Length];
            int offset = rng.NextInt(3);
            int[] masters = RandomInts(rng, offset + count + rng.NextInt(3), extreme: trial % 3 == 0);
            short[] input = DenseKernelTwinTests.RandomShorts(rng, count, extreme: trial % 2 == 0);
            int mantissa = trial % 4 == 0 ? mantissas[trial / 4 % mantissas.Length] : rng.NextInt(65535) - 32767;
            int shift = rng.NextInt(45) - 4;   // −4..40: the twin must hand off what it cannot do
            int[] expected = (int[])masters.Clone();
            PortableWeightUpdateKernel.Instance.SubtractScaledRow(expected, offset, input, count, mantissa, shift);
            foreach (IWeightUpdateKernel twin in Twins)
            {
                int[] actual = (int[])masters.Clone();
                twin.SubtractScaledRow(actual, offset, input, count, mantissa, shift);
                Assert.True(expected.AsSpan().SequenceEqual(actual), $"{twin.GetType().Name}: row of {count}, mantissa {mantissa}, shift {shift}");
            }
        }
    }

    [Fact]
    public void SubtractScaledRows_IsTheRowByRowLoop_BitIdentical()
    {
        var rng = new Pcg32(9, 10);
        int[] counts = [16, 17, 31, 32, 33, 64, 100, 196, 512];
        for (int trial = 0; trial < 200; trial++)
        {
            int count = counts[trial % counts.Length];
            int rows = 1 + rng.NextInt(12);
            int[] masters = RandomInts(rng, rows * count + rng.NextInt(3), extreme: trial % 3 == 0);
            short[] input = DenseKernelTwinTests.RandomShorts(rng, count, extreme: trial % 2 == 0);
            int[] mantissas = new int[rows];
            int[] shifts = new int[rows];
            for (int o = 0; o < rows; o++)
            {
                // zero rows are skipped, shifts outside 1..31 handed to the portable loop
                mantissas[o] = rng.NextInt(5) == 0 ? 0 : rng.NextInt(65535) - 32767;
                shifts[o] = rng.NextInt(45) - 4;
            }
            int[] expected = (int[])masters.Clone();
            for (int o = 0; o < rows; o++)
                if (mantissas[o] != 0) PortableWeightUpdateKernel.Instance.SubtractScaledRow(expected, o * count, input, count, mantissas[o], shifts[o]);
            int[] portable = (int[])masters.Clone();
            PortableWeightUpdateKernel.Instance.SubtractScaledRows(portable, input, count, rows, mantissas, shifts);
            Assert.Equal(expected, portable);
            foreach (IWeightUpdateKernel twin in Twins)
            {
                int[] actual = (int[])masters.Clone();
                twin.SubtractScaledRows(actual, input, count, rows, mantissas, shifts);
                Assert.True(expected.AsSpan().SequenceEqual(actual), $"{twin.GetType().Name}: {rows} rows of {count}");
            }
        }
    }

    [Fact]
    public void MasterWeightsStep_OnAHostKernel_MatchesThePortableStore()
    {
        // the layer step (scalars first, then all rows in one kernel call) against the same store on the portable kernel
        var rng = new Pcg32(11, 12);
        short[] weights = DenseKernelTwinTests.RandomShorts(rng, 32 * 64, extreme: false);
        short[] biases = DenseKernelTwinTests.RandomShorts(rng, 32, extreme: false);
        var portable = new MasterWeights((short[])weights.Clone(), (short[])biases.Clone(), 64, PortableWeightUpdateKernel.Instance);
        var host = new MasterWeights((short[])weights.Clone(), (short[])biases.Clone(), 64, HostKernels.Update);
        for (int sample = 0; sample < 64; sample++)
        {
            short[] input = DenseKernelTwinTests.RandomShorts(rng, 64, extreme: sample % 8 == 0);
            int[] gradient = new int[32];
            for (int o = 0; o < 32; o++) gradient[o] = rng.NextInt(5) == 0 ? 0 : rng.NextInt(1 << 22) - (1 << 21);
            portable.Step(gradient, 1966, sample % 3 == 0 ? 12 : 16, input, 15);
            host.Step(gradient, 1966, sample % 3 == 0 ? 12 : 16, input, 15);
        }
        Assert.Equal(portable.Weights, host.Weights);
        Assert.Equal(portable.Biases, host.Biases);
    }

    [Fact]
    public void SubtractScaledRow_SaturatesAtTheInt32Limits()
    {
        int[] masters = Enumerable.Repeat(int.MaxValue - 5, 32).Concat(Enumerable.Repeat(int.MinValue + 5, 32)).ToArray();
        short[] input = Enumerable.Repeat(short.MinValue, 32).Concat(Enumerable.Repeat(short.MaxValue, 32)).ToArray();
        int[] expected = (int[])masters.Clone();
        PortableWeightUpdateKernel.Instance.SubtractScaledRow(expected, 0, input, 64, short.MaxValue, 1);
        Assert.Equal(int.MaxValue, expected[0]);
        Assert.Equal(int.MinValue, expected[63]);
        foreach (IWeightUpdateKernel twin in Twins)
        {
            int[] actual = (int[])masters.Clone();
            twin.SubtractScaledRow(actual, 0, input, 64, short.MaxValue, 1);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void RoundToInt16_RandomAndExtreme_BitIdentical()
    {
        var rng = new Pcg32(7, 8);
        foreach (int shift in new[] { 16, 1, 8, 15, 31, 0, 32 })
        {
            foreach (int count in new[] { 1, 8, 15, 16, 17, 31, 33, 100, 4096 })
            {
                int[] masters = RandomInts(rng, count + 2, extreme: count % 2 == 1);
                masters[0] = int.MaxValue;
                masters[count - 1] = 0x7FFF8000;   // rounds up to 32768: must saturate to 32767
                short[] expected = new short[count];
                PortableWeightUpdateKernel.Instance.RoundToInt16(masters, expected, shift);
                foreach (IWeightUpdateKernel twin in Twins)
                {
                    short[] actual = new short[count];
                    twin.RoundToInt16(masters, actual, shift);
                    Assert.True(expected.AsSpan().SequenceEqual(actual), $"{twin.GetType().Name}: {count} values, shift {shift}");
                }
            }
        }
    }

    [Fact]
    public void ToMantissa_Keeps15BitsAndIsExactForSmallSteps()
    {
        Assert.Equal(1234, WeightStore.ToMantissa(1234, out int e0));
        Assert.Equal(0, e0);
        Assert.Equal(-32767, WeightStore.ToMantissa(-32767, out _));
        int m = WeightStore.ToMantissa(1L << 40, out int e);
        Assert.Equal(1L << 40, (long)m << e);
        m = WeightStore.ToMantissa(123456789012L, out e);
        Assert.InRange(m, 16384, 32767);
        Assert.True(Math.Abs(((long)m << e) - 123456789012L) <= 1L << (e - 1));
        m = WeightStore.ToMantissa(long.MinValue / 4, out e);
        Assert.InRange(m, -32767, -16384);
    }

    [Fact]
    public void ToMantissa_IsTheSmallestExponentThatFits_AsASimpleLoopFindsIt()
    {
        var rng = new Pcg32(1, 2);
        var values = new List<long> { 0, 1, -1, 32767, -32767, 32768, -32768, 65535, -65535, 65534, -65533, long.MaxValue, long.MinValue, long.MinValue + 1 };
        for (int bits = 15; bits < 63; bits++)
            foreach (long near in new[] { (1L << bits) - 1, 1L << bits, (1L << bits) + 1, ((1L << bits) >> 16) * 65535 })
            {
                values.Add(near);
                values.Add(-near);
            }
        for (int i = 0; i < 20000; i++) values.Add((long)(((ulong)rng.NextUInt() << 32) | rng.NextUInt()) >> rng.NextInt(63));
        foreach (long c in values)
        {
            int expectedExponent = 0;
            long expected = c;
            while (expected > short.MaxValue || expected < -short.MaxValue) expected = Sat.ShiftRound(c, ++expectedExponent);
            int mantissa = WeightStore.ToMantissa(c, out int exponent);
            Assert.True(expected == mantissa && expectedExponent == exponent, $"c = {c}: {mantissa}·2^{exponent}, expected {expected}·2^{expectedExponent}");
        }
    }

    private static int[] RandomInts(Pcg32 rng, int count, bool extreme)
    {
        var values = new int[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (int)rng.NextUInt();
            if (extreme && rng.NextInt(3) == 0) values[i] = rng.NextInt(2) == 0 ? int.MaxValue - rng.NextInt(1 << 20) : int.MinValue + rng.NextInt(1 << 20);
        }
        return values;
    }
}
