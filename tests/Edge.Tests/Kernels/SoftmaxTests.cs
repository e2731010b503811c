using Edge.Core.Kernels;
using Edge.Core.Numerics;
using Xunit;
using Xunit.Abstractions;
using static Edge.Tests.Numerics.FixedPointReference;

namespace Edge.Tests.Kernels;

/// <summary>Fixed-point softmax and log-softmax at temperature T against double precision.</summary>
public class SoftmaxTests
{
    private const int VectorsPerTemperature = 3000;
    private readonly ITestOutputHelper _output;

    public SoftmaxTests(ITestOutputHelper output) { _output = output; }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(20)]
    public void ProbabilitiesMatchDoubleSoftmaxWithinOneThousandth(int temperature)
    {
        var rng = new Pcg32(41, (ulong)temperature);
        int tQ16 = temperature * Q.One16;
        int[] p = new int[16];
        double worst = 0;
        int worstSumError = 0;
        for (int n = 0; n < VectorsPerTemperature; n++)
        {
            int count = 2 + rng.NextInt(15);
            int[] logits = RandomLogits(rng, count, 16);
            Softmax.Forward(logits, 0, count, tQ16, p);
            double[] exact = SoftmaxReference(ToReal(logits, 16), temperature);
            long sum = 0;
            for (int i = 0; i < count; i++)
            {
                double error = Math.Abs(ToReal(p[i], 16) - exact[i]);
                worst = Math.Max(worst, error);
                Assert.True(error < 1e-3, $"T={temperature}, {count} classes, p[{i}] = {ToReal(p[i], 16)} vs {exact[i]}: |error| {error:E3} ≥ 1e-3");
                Assert.InRange(p[i], 0, Q.One16);
                sum += p[i];
            }
            // Each probability is rounded once, by at most half an LSB.
            int sumError = (int)Math.Abs(sum - Q.One16);
            worstSumError = Math.Max(worstSumError, sumError);
            Assert.True(2 * sumError <= count, $"Σp = {sum} differs from 1.0 = 65536 by {sumError} LSB > {count}/2");
        }
        _output.WriteLine($"softmax T={temperature}: worst |p − p_double| {worst:E3}, worst |Σp − 1| {worstSumError} LSB");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(20)]
    public void LogProbabilitiesMatchDoubleLogSoftmaxWithinTwoThousandths(int temperature)
    {
        var rng = new Pcg32(42, (ulong)temperature);
        int tQ16 = temperature * Q.One16;
        int[] logP = new int[16], scratch = new int[16];
        double worst = 0;
        for (int n = 0; n < VectorsPerTemperature; n++)
        {
            int count = 2 + rng.NextInt(15);
            int[] logits = RandomLogits(rng, count, 16);
            LogSoftmax.Forward(logits, 0, count, tQ16, scratch, logP);
            double[] exact = LogSoftmaxReference(ToReal(logits, 16), temperature);
            for (int i = 0; i < count; i++)
            {
                double error = Math.Abs(ToReal(logP[i], 16) - exact[i]);
                worst = Math.Max(worst, error);
                Assert.True(error < 2e-3, $"T={temperature}, {count} classes, log p[{i}] = {ToReal(logP[i], 16)} vs {exact[i]}: |error| {error:E3} ≥ 2e-3");
            }
        }
        _output.WriteLine($"log-softmax T={temperature}: worst |log p − log p_double| {worst:E3}");
    }

    [Fact]
    public void SoftmaxReadsItsLogitsAtTheOffset()
    {
        int[] logits = { 999 * Q.One16, 0, Q.One16, -999 * Q.One16 };
        int[] p = new int[2];
        Softmax.Forward(logits, 1, 2, Q.One16, p);
        double[] exact = SoftmaxReference(new[] { 0.0, 1.0 }, 1);
        Assert.InRange(ToReal(p[0], 16), exact[0] - 1e-4, exact[0] + 1e-4);
        Assert.InRange(ToReal(p[1], 16), exact[1] - 1e-4, exact[1] + 1e-4);
    }

    public static TheoryData<int[], int> ExtremeCases() => new()
    {
        { new[] { int.MaxValue, int.MinValue }, Q.One16 },
        { new[] { int.MinValue, int.MaxValue, 0 }, Q.One16 },
        { new[] { int.MaxValue, int.MaxValue }, Q.One16 },
        { new[] { int.MinValue, int.MinValue, int.MinValue }, Q.One16 },
        { new[] { int.MaxValue, int.MinValue, int.MaxValue - 1, int.MinValue + 1 }, 4 * Q.One16 },
        { new[] { int.MaxValue, int.MinValue, 0, 1 }, 20 * Q.One16 },
        { new[] { int.MaxValue, int.MinValue, 0 }, 1 },              // T = 2^-16: the smallest temperature
        { new[] { int.MaxValue, int.MinValue, 0 }, int.MaxValue },   // T ≈ 32768: the largest
        { new[] { 5, 3, int.MinValue }, 1 },
    };

    [Theory]
    [MemberData(nameof(ExtremeCases))]
    public void ExtremeLogitsNeitherThrowNorWrap(int[] logits, int temperatureQ16)
    {
        int count = logits.Length;
        int[] p = new int[count], logP = new int[count], scratch = new int[count];
        Softmax.Forward(logits, 0, count, temperatureQ16, p);
        LogSoftmax.Forward(logits, 0, count, temperatureQ16, scratch, logP);
        double[] exactP = SoftmaxReference(ToReal(logits, 16), ToReal(temperatureQ16, 16));
        double[] exactLogP = LogSoftmaxReference(ToReal(logits, 16), ToReal(temperatureQ16, 16));
        long sum = 0;
        for (int i = 0; i < count; i++)
        {
            Assert.InRange(p[i], 0, Q.One16);
            Assert.True(Math.Abs(ToReal(p[i], 16) - exactP[i]) < 1e-3, $"p[{i}] = {ToReal(p[i], 16)} vs {exactP[i]}");
            sum += p[i];
            // log p saturates at the bottom of Q15.16 (−32768) instead of wrapping to a positive value.
            Assert.True(logP[i] <= 0, $"log p[{i}] = {logP[i]} is positive (wrapped)");
            double expectedLogP = Math.Max(exactLogP[i], ToReal(int.MinValue, 16));
            Assert.True(Math.Abs(ToReal(logP[i], 16) - expectedLogP) < 2e-3, $"log p[{i}] = {ToReal(logP[i], 16)} vs {expectedLogP}");
        }
        Assert.True(Math.Abs(sum - Q.One16) * 2 <= count, $"Σp = {sum}");
    }
}
