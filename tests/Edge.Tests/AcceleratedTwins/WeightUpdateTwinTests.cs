using Edge.Accelerated;
using Edge.Core.Kernels;
using Edge.Core.Learning;
using Edge.Core.Numerics;

namespace Edge.Tests.AcceleratedTwins;

/// <summary>The accelerated master-weight update loops must give exactly the portable ones' masters and weights.</summary>
public class WeightUpdateTwinTests
{
    private static readonly IWeightUpdateKernel[] Twins = [WeightUpdateAvx512.Instance, WeightUpdateAvx2.Instance, WeightUpdateVector128.Instance];

    [Fact]
    public void SubtractPairedProducts_RandomAndExtreme_BitIdentical()
    {
        var rng = new Pcg32(5, 6);
        int[] counts = [1, 15, 16, 17, 31, 32, 33, 64, 128, 196, 200, 512];
        for (int trial = 0; trial < 300; trial++)
        {
            int count = counts[trial % counts.Length];
            int rows = 1 + rng.NextInt(12);
            int pairCount = 1 + rng.NextInt(8);
            int pairStride = rows + rng.NextInt(3);
            bool extreme = trial % 3 == 0;
            int[] masters = RandomInts(rng, rows * count + rng.NextInt(3), extreme);
            // two samples' int16 inputs per int32, any values (−32768 included)
            int[] inputs = RandomInts(rng, pairCount * count, extreme: false);
            int[] pairs = new int[pairCount * pairStride];
            for (int i = 0; i < pairs.Length; i++)
            {
                int m0 = extreme && rng.NextInt(2) == 0 ? 32767 * (rng.NextInt(2) * 2 - 1) : rng.NextInt(65535) - 32767;
                int m1 = rng.NextInt(65535) - 32767;
                pairs[i] = (m0 & 0xFFFF) | (m1 << 16);
            }
            int[] shifts = new int[rows];
            for (int o = 0; o < rows; o++)
                shifts[o] = rng.NextInt(6) == 0 ? PortableWeightUpdateKernel.NoChange : rng.NextInt(75) - 6;   // −6..68: twins hand off what they cannot do
            int[] expected = (int[])masters.Clone();
            PortableWeightUpdateKernel.Instance.SubtractPairedProducts(expected, inputs, count, rows, pairCount, pairs, pairStride, shifts);
            foreach (IWeightUpdateKernel twin in Twins)
            {
                int[] actual = (int[])masters.Clone();
                twin.SubtractPairedProducts(actual, inputs, count, rows, pairCount, pairs, pairStride, shifts);
                Assert.True(expected.AsSpan().SequenceEqual(actual), $"{twin.GetType().Name}: {rows} rows of {count}, {pairCount} pairs");
            }
        }
    }

    [Fact]
    public void SubtractPairedProducts_IsTheExactSumRoundedOnce_AndSaturates()
    {
        // the portable reference against its definition in 128-bit arithmetic, at the int32 limits
        int[] masters = [int.MaxValue - 5, int.MinValue + 5, 1000, -1000];
        short[] x0 = [short.MinValue, short.MaxValue, 12345, -3];
        short[] x1 = [short.MinValue, short.MinValue, -7, 32767];
        int[] inputs = new int[4];
        for (int j = 0; j < 4; j++) inputs[j] = (ushort)x0[j] | (x1[j] << 16);
        int m0 = -32767, m1 = -32767;
        int[] pairs = [(m0 & 0xFFFF) | (m1 << 16)];
        int[] actual = (int[])masters.Clone();
        PortableWeightUpdateKernel.Instance.SubtractPairedProducts(actual, inputs, 4, 1, 1, pairs, 1, [1]);
        for (int j = 0; j < 4; j++)
        {
            long a = (long)m0 * x0[j] + (long)m1 * x1[j];
            long rounded = (long)Math.Floor(a / 2.0 + 0.5);
            Assert.Equal((int)Math.Clamp(masters[j] - rounded, int.MinValue, int.MaxValue), actual[j]);
        }
        Assert.Equal(int.MinValue, actual[1]);
    }

    [Fact]
    public void PackInputAndScaleSteps_RandomAndExtreme_BitIdentical()
    {
        var rng = new Pcg32(13, 14);
        foreach (int count in new[] { 1, 7, 8, 9, 15, 16, 17, 32, 33, 64, 196 })
        {
            for (int trial = 0; trial < 6; trial++)
            {
                short[] first = DenseKernelTwinTests.RandomShorts(rng, count, extreme: trial % 2 == 0);
                short[] second = DenseKernelTwinTests.RandomShorts(rng, count, extreme: trial % 3 == 0);
                int start = rng.NextInt(3);
                int[] expected = RandomInts(rng, start + count + 2, extreme: false);
                PortableWeightUpdateKernel.Instance.PackInput(first, count, expected, start, high: false);
                PortableWeightUpdateKernel.Instance.PackInput(second, count, expected, start, high: true);
                int[] gradient = RandomInts(rng, count, extreme: trial % 2 == 1);
                int rate = trial == 0 ? int.MaxValue : rng.NextInt(1 << 20);
                int batchShift = trial == 1 ? 0 : rng.NextInt(10);
                long[] expectedSteps = new long[start + count + 1];
                PortableWeightUpdateKernel.Instance.ScaleSteps(gradient, count, rate, batchShift, expectedSteps, start);
                for (int o = 0; o < count; o++)
                    Assert.Equal((long)rate * gradient[o] / (1L << batchShift), expectedSteps[start + o]);   // the division it stands for
                foreach (IWeightUpdateKernel twin in Twins)
                {
                    int[] actual = RandomInts(rng, start + count + 2, extreme: false);
                    Array.Copy(expected, actual, start);
                    Array.Copy(expected, start + count, actual, start + count, 2);
                    twin.PackInput(first, count, actual, start, high: false);
                    twin.PackInput(second, count, actual, start, high: true);
                    Assert.True(expected.AsSpan().SequenceEqual(actual), $"{twin.GetType().Name}: pack {count}");
                    long[] steps = new long[start + count + 1];
                    twin.ScaleSteps(gradient, count, rate, batchShift, steps, start);
                    Assert.True(expectedSteps.AsSpan().SequenceEqual(steps), $"{twin.GetType().Name}: steps {count}");
                }
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
                bool reached = PortableWeightUpdateKernel.Instance.RoundToInt16(masters, expected, shift);
                foreach (IWeightUpdateKernel twin in Twins)
                {
                    short[] actual = new short[count];
                    Assert.Equal(reached, twin.RoundToInt16(masters, actual, shift));
                    Assert.True(expected.AsSpan().SequenceEqual(actual), $"{twin.GetType().Name}: {count} values, shift {shift}");
                }
            }
        }
    }

    /// <summary>
    /// The range's end (a rounded value ≥ 32767 or ≤ −32767, what raises a layer's weight exponent) is reported
    /// wherever it falls, in a vector block or the scalar tail, and a value one LSB inside it is not.
    /// </summary>
    [Fact]
    public void RoundToInt16_ReportsTheRangesEnd_WhereverItFalls()
    {
        var rng = new Pcg32(9, 10);
        const int shift = 16;
        (int master, bool reaches)[] probes =
        [
            ((32767 << 16) - (1 << 15), true),    // rounds up to 32767
            ((32766 << 16) + (1 << 15) - 1, false),   // rounds to 32766
            (-32767 << 16, true),
            (int.MinValue, true),
            ((-32766 << 16) - (1 << 15), false),  // −32766.5 rounds up to −32766
        ];
        foreach (int count in new[] { 1, 7, 8, 16, 17, 33, 100 })
            foreach (var (master, reaches) in probes)
                foreach (int at in new[] { 0, count / 2, count - 1 })
                {
                    int[] masters = new int[count];
                    for (int i = 0; i < count; i++) masters[i] = rng.NextInt(1 << 30) - (1 << 29);   // within ±8192
                    masters[at] = master;
                    short[] values = new short[count];
                    Assert.Equal(reaches, PortableWeightUpdateKernel.Instance.RoundToInt16(masters, values, shift));
                    foreach (IWeightUpdateKernel twin in Twins)
                        Assert.True(reaches == twin.RoundToInt16(masters, new short[count], shift), $"{twin.GetType().Name}: {count} values, {master} at {at}");
                }
    }

    [Fact]
    public void PrepareRows_RandomAndExtreme_BitIdentical()
    {
        var rng = new Pcg32(15, 16);
        foreach (int units in new[] { 1, 7, 8, 9, 10, 32, 33, 128 })
        {
            for (int trial = 0; trial < 8; trial++)
            {
                int pairCount = 1 + rng.NextInt(8);
                long[] steps = new long[2 * pairCount * units];
                for (int i = 0; i < steps.Length; i++)
                {
                    long magnitude = (long)(((ulong)rng.NextUInt() << 32) | rng.NextUInt()) >> (9 + rng.NextInt(54));   // |c| < 2^55
                    steps[i] = rng.NextInt(4) == 0 ? 0 : magnitude;
                }
                if (trial == 0) for (int i = 0; i < steps.Length; i += units) steps[i] = 0;   // a unit that does not move
                if (trial == 1) steps[0] = (1L << 30) - 16384;   // rounds up to 2^15 at the first exponent
                int[] biases = RandomInts(rng, units, extreme: trial % 2 == 0);
                int[] expectedBiases = (int[])biases.Clone();
                int[] expectedPairs = new int[pairCount * units], expectedShifts = new int[units];
                PortableWeightUpdateKernel.Instance.PrepareRows(steps, units, pairCount, expectedBiases, 4, 19, expectedPairs, expectedShifts);
                foreach (IWeightUpdateKernel twin in Twins)
                {
                    int[] actualBiases = (int[])biases.Clone();
                    int[] pairs = new int[pairCount * units], shifts = new int[units];
                    twin.PrepareRows(steps, units, pairCount, actualBiases, 4, 19, pairs, shifts);
                    Assert.Equal(expectedShifts, shifts);
                    Assert.Equal(expectedBiases, actualBiases);
                    for (int o = 0; o < units; o++)
                        if (shifts[o] != PortableWeightUpdateKernel.NoChange)
                            for (int q = 0; q < pairCount; q++) Assert.Equal(expectedPairs[q * units + o], pairs[q * units + o]);
                }
            }
        }
    }

    [Fact]
    public void PrepareRows_TakesTheSmallestExponentThatFitsTheLargestStep()
    {
        // the definition, by a simple loop: the smallest e ≥ 0 with round(C / 2^e) ≤ 32767, and m_b = round(c_b / 2^e)
        var rng = new Pcg32(1, 2);
        var values = new List<long> { 1, -1, 32767, -32767, 32768, -32768, 65535, -65535, 65534, -65533, (1L << 55) - 1, -(1L << 55) + 1 };
        for (int bits = 15; bits < 55; bits++)
            foreach (long near in new[] { (1L << bits) - 1, 1L << bits, (1L << bits) + 1, ((1L << bits) >> 16) * 65535 })
            {
                values.Add(near);
                values.Add(-near);
            }
        for (int i = 0; i < 5000; i++) values.Add((long)(((ulong)rng.NextUInt() << 32) | rng.NextUInt()) >> (9 + rng.NextInt(54)));
        foreach (long c in values)
        {
            long partner = c / 3;   // a smaller step of the same unit in the batch
            int expectedExponent = 0;
            while (Sat.ShiftRound(Math.Abs(c), expectedExponent) > short.MaxValue) expectedExponent++;
            int[] pairs = new int[1], shifts = new int[1], biases = new int[1];
            PortableWeightUpdateKernel.Instance.PrepareRows([c, partner], 1, 1, biases, 4, 40, pairs, shifts);
            if (c == 0)
            {
                Assert.Equal(PortableWeightUpdateKernel.NoChange, shifts[0]);
                continue;
            }
            Assert.Equal(40 - expectedExponent, shifts[0]);
            Assert.Equal(Sat.ShiftRound(c, expectedExponent), (short)pairs[0]);
            Assert.Equal(Sat.ShiftRound(partner, expectedExponent), pairs[0] >> 16);
            Assert.Equal((int)Math.Clamp(-Sat.ShiftRound(c + partner, 4), int.MinValue, int.MaxValue), biases[0]);
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
