using Edge.Accelerated;
using Edge.Core.Kernels;
using Edge.Core.Numerics;

namespace Edge.Tests.AcceleratedTwins;

/// <summary>The host's accelerated dense kernels must give exactly the portable kernel's pre-activations.</summary>
public class DenseKernelTwinTests
{
    public static readonly IDenseKernel[] Twins = [DenseQ3_12Avx2.Instance, DenseQ3_12Avx512.Instance, DenseQ3_12Vector128.Instance];

    public static TheoryData<int, int> Shapes() => new()
    {
        { 64, 32 }, { 32, 10 }, { 196, 128 }, { 128, 10 }, { 128, 128 }, { 512, 512 }, { 64, 512 }, { 512, 10 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void RandomOperands_EveryShape_BitIdentical(int inCount, int outCount)
    {
        var rng = new Pcg32(17, (ulong)(inCount * 1000 + outCount));
        foreach (int inFrac in new[] { Q.InputFrac, Q.ActivationFrac })
        {
            for (int trial = 0; trial < 3; trial++)
            {
                short[] w = RandomShorts(rng, inCount * outCount, trial == 2);
                short[] b = RandomShorts(rng, outCount, trial == 2);
                short[] x = RandomShorts(rng, inCount, trial == 2);
                AssertTwinsAgree(w, b, x, inFrac, inCount, outCount, inCount % (Q.MaxWeightExponent + 1));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ExtremeOperands_EveryShape_BitIdentical(int inCount, int outCount)
    {
        foreach (var (weight, input) in ExtremePairs)
        {
            short[] w = Filled(inCount * outCount, weight);
            short[] b = Filled(outCount, weight);
            short[] x = Filled(inCount, input);
            AssertTwinsAgree(w, b, x, Q.InputFrac, inCount, outCount, 0);
            AssertTwinsAgree(w, b, x, Q.ActivationFrac, inCount, outCount, Q.MaxWeightExponent);
        }
        // alternating signs: the int32 lane sums wrap many times, the int64 result must not
        short[] alternatingW = new short[inCount * outCount];
        for (int i = 0; i < alternatingW.Length; i++) alternatingW[i] = (i / 3 % 2 == 0) ? short.MaxValue : short.MinValue;
        short[] alternatingX = new short[inCount];
        for (int i = 0; i < inCount; i++) alternatingX[i] = (i % 5 == 0) ? (short)-32767 : short.MaxValue;
        AssertTwinsAgree(alternatingW, Filled(outCount, 0), alternatingX, Q.ActivationFrac, inCount, outCount, 0);
    }

    private static readonly (short Weight, short Input)[] ExtremePairs =
    [
        (short.MaxValue, short.MaxValue), (short.MinValue, short.MaxValue), (short.MaxValue, -32767),
        (short.MinValue, -32767), (short.MinValue, short.MinValue), (short.MaxValue, short.MinValue),
        (0, short.MaxValue), (short.MinValue, 0), (0, 0), (1, -1),
    ];

    [Fact]
    public void EveryFanInFrom1To1024_BitIdentical()
    {
        var rng = new Pcg32(3, 4);
        for (int inCount = 1; inCount <= 1024; inCount++)
        {
            int outCount = 1 + (inCount % 5);
            bool extreme = inCount % 7 == 0;
            AssertTwinsAgree(RandomShorts(rng, inCount * outCount, extreme), RandomShorts(rng, outCount, extreme),
                             RandomShorts(rng, inCount, extreme), inCount % 2 == 0 ? Q.InputFrac : Q.ActivationFrac, inCount, outCount,
                             inCount % (Q.MaxWeightExponent + 1));
        }
    }

    [Fact]
    public void LargestFanIn_FullScale_SaturatesLikeThePortableKernel()
    {
        const int inCount = 4096;
        short[] x = Filled(inCount, short.MaxValue);
        foreach (short weight in new[] { short.MaxValue, short.MinValue })
            foreach (int exponent in new[] { 0, Q.MaxWeightExponent })
                AssertTwinsAgree(Filled(inCount * 2, weight), Filled(2, weight), x, Q.ActivationFrac, inCount, 2, exponent);
    }

    [Fact]
    public void MinValueInInput_FallsBackAndStillAgrees()
    {
        var rng = new Pcg32(9, 9);
        short[] w = RandomShorts(rng, 196 * 16, true);
        short[] x = RandomShorts(rng, 196, false);
        x[100] = short.MinValue;
        w[100] = short.MinValue;
        w[101] = short.MinValue;
        x[101] = short.MinValue;
        AssertTwinsAgree(w, RandomShorts(rng, 16, false), x, Q.InputFrac, 196, 16, 0);
    }

    private static void AssertTwinsAgree(short[] w, short[] b, short[] x, int inFrac, int inCount, int outCount, int exponent)
    {
        int[] expected = new int[outCount];
        DenseQ3_12.Forward(w, b, exponent, x, inFrac, inCount, outCount, expected);
        foreach (IDenseKernel twin in Twins)
        {
            int[] actual = new int[outCount];
            twin.Forward(w, b, exponent, x, inFrac, inCount, outCount, actual);
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"{twin.GetType().Name} differs at {inCount}x{outCount}, inFrac {inFrac}, e {exponent}");
        }
    }

    /// <summary>Uniform int16, or (extreme) mostly ±32767, −32768 and 0.</summary>
    internal static short[] RandomShorts(Pcg32 rng, int count, bool extreme)
    {
        var values = new short[count];
        for (int i = 0; i < count; i++)
        {
            if (!extreme) { values[i] = (short)rng.NextUInt(); continue; }
            values[i] = rng.NextInt(5) switch { 0 => short.MaxValue, 1 => short.MinValue, 2 => -32767, 3 => 0, _ => (short)rng.NextUInt() };
        }
        return values;
    }

    private static short[] Filled(int count, short value)
    {
        var values = new short[count];
        Array.Fill(values, value);
        return values;
    }
}
