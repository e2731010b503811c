using Edge.Core.Losses;
using Edge.Core.Numerics;
using Xunit;
using Xunit.Abstractions;
using static Edge.Tests.Numerics.FixedPointReference;

namespace Edge.Tests.Losses;

/// <summary>
/// The distillation loss T²·CE(q, softmax(z/T)) and its gradient T·(softmax(z/T) − q) against double
/// precision, with the teacher given as probabilities or as logits.
/// Bounds: loss relative 1e-3 plus absolute 2e-3·T²; gradient 1e-3·T.
/// </summary>
public class SoftTargetCrossEntropyTests
{
    private const int VectorsPerTemperature = 2000;
    private readonly ITestOutputHelper _output;

    public SoftTargetCrossEntropyTests(ITestOutputHelper output) { _output = output; }

    private static void AssertLossAndGradient(double temperature, int got, int[] gradient, double[] logits, double[] q, int count,
                                              ref double worstLoss, ref double worstGradient)
    {
        double[] logP = LogSoftmaxReference(logits, temperature);
        double exactLoss = 0;
        for (int i = 0; i < count; i++) exactLoss -= q[i] * logP[i];
        exactLoss *= temperature * temperature;
        double lossError = Math.Abs(ToReal(got, 16) - exactLoss);
        double lossBound = 1e-3 * Math.Abs(exactLoss) + 2e-3 * temperature * temperature;
        worstLoss = Math.Max(worstLoss, lossError / (temperature * temperature));
        Assert.True(lossError <= lossBound, $"T={temperature}: loss {ToReal(got, 16)} vs {exactLoss}: |error| {lossError:E3} > {lossBound:E3}");
        for (int i = 0; i < count; i++)
        {
            double exact = temperature * (Math.Exp(logP[i]) - q[i]);
            double error = Math.Abs(ToReal(gradient[i], 16) - exact);
            worstGradient = Math.Max(worstGradient, error / temperature);
            Assert.True(error <= 1e-3 * temperature, $"T={temperature}: ∂L/∂z[{i}] = {ToReal(gradient[i], 16)} vs {exact}: |error| {error:E3} > 1e-3·T");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(20)]
    public void AgainstTeacherProbabilities(int temperature)
    {
        var rng = new Pcg32(61, (ulong)temperature);
        var loss = new SoftTargetCrossEntropy(16);
        int[] gradient = new int[16];
        double worstLoss = 0, worstGradient = 0;
        for (int n = 0; n < VectorsPerTemperature; n++)
        {
            int count = 2 + rng.NextInt(15);
            int[] logits = RandomLogits(rng, count, 16);
            // A teacher distribution in Q15.16 summing to exactly 1.0; the reference uses the same q.
            int[] q = new int[count];
            int left = Q.One16;
            for (int i = 0; i < count - 1; i++) { q[i] = rng.NextInt(left + 1) / (n % 3 + 1); left -= q[i]; }
            q[count - 1] = left;
            int got = loss.FromTeacherProbabilities(logits, 0, count, q, temperature * Q.One16, gradient);
            AssertLossAndGradient(temperature, got, gradient, ToReal(logits, 16), ToReal(q, 16), count, ref worstLoss, ref worstGradient);
        }
        _output.WriteLine($"soft CE (probabilities) T={temperature}: worst loss error / T² {worstLoss:E3}, worst gradient error / T {worstGradient:E3}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(20)]
    public void AgainstTeacherLogits(int temperature)
    {
        var rng = new Pcg32(62, (ulong)temperature);
        var loss = new SoftTargetCrossEntropy(16);
        int[] gradient = new int[16];
        double worstLoss = 0, worstGradient = 0;
        for (int n = 0; n < VectorsPerTemperature; n++)
        {
            int count = 2 + rng.NextInt(15);
            int[] logits = RandomLogits(rng, count, 16);
            int[] teacher = RandomLogits(rng, count, 16);
            int got = loss.FromTeacherLogits(logits, 0, count, teacher, 0, temperature * Q.One16, gradient);
            double[] q = SoftmaxReference(ToReal(teacher, 16), temperature);
            AssertLossAndGradient(temperature, got, gradient, ToReal(logits, 16), q, count, ref worstLoss, ref worstGradient);
        }
        _output.WriteLine($"soft CE (logits) T={temperature}: worst loss error / T² {worstLoss:E3}, worst gradient error / T {worstGradient:E3}");
    }

    [Fact]
    public void OffsetsAreHonoured()
    {
        var loss = new SoftTargetCrossEntropy(2);
        int[] gradientA = new int[2], gradientB = new int[2];
        int[] student = { 5, Q.One16, -Q.One16 }, teacher = { 9, 9, 2 * Q.One16, 0 };
        int a = loss.FromTeacherLogits(student, 1, 2, teacher, 2, 4 * Q.One16, gradientA);
        int b = loss.FromTeacherLogits(new[] { Q.One16, -Q.One16 }, 0, 2, new[] { 2 * Q.One16, 0 }, 0, 4 * Q.One16, gradientB);
        Assert.Equal(b, a);
        Assert.Equal(gradientB, gradientA);
    }

    public static TheoryData<int[], int[], int> ExtremeCases() => new()
    {
        { new[] { int.MinValue, int.MaxValue }, new[] { int.MaxValue, int.MinValue }, Q.One16 },
        { new[] { int.MinValue, int.MaxValue, 0 }, new[] { int.MaxValue, int.MinValue, 0 }, 20 * Q.One16 },
        { new[] { int.MaxValue, int.MaxValue }, new[] { int.MinValue, int.MaxValue }, 4 * Q.One16 },
        { new[] { int.MinValue, int.MaxValue }, new[] { int.MaxValue, int.MinValue }, int.MaxValue }, // T ≈ 32768
        { new[] { int.MinValue, int.MaxValue }, new[] { int.MaxValue, 0 }, 1 },                       // T = 2^-16: raised to 2^-8
        { new[] { 0, Q.One16 }, new[] { Q.One16, 0 }, 100 },                                          // T² would round to 0 in Q15.16
        { new[] { 0, Q.One16 }, new[] { Q.One16, 0 }, SoftTargetCrossEntropy.MinTemperatureQ16 },
        { new[] { 0, Q.One16 }, new[] { Q.One16, 0 }, 0 },                                            // T = 0: raised to 2^-8
    };

    [Theory]
    [MemberData(nameof(ExtremeCases))]
    public void ExtremeLogitsNeitherThrowNorWrap(int[] logits, int[] teacher, int temperatureQ16)
    {
        int count = logits.Length;
        var loss = new SoftTargetCrossEntropy(count);
        int[] gradient = new int[count];
        int got = loss.FromTeacherLogits(logits, 0, count, teacher, 0, temperatureQ16, gradient);
        // Temperatures below 2^-8 are documented to act as 2^-8.
        double temperature = ToReal(Math.Max(temperatureQ16, SoftTargetCrossEntropy.MinTemperatureQ16), 16);
        double[] q = SoftmaxReference(ToReal(teacher, 16), temperature);
        double[] logP = LogSoftmaxReference(ToReal(logits, 16), temperature);
        double exactLoss = 0;
        for (int i = 0; i < count; i++) exactLoss -= q[i] * logP[i];
        exactLoss *= temperature * temperature;
        Assert.True(got >= 0, $"loss {got} is negative (wrapped)");
        double expected = Math.Min(exactLoss, ToReal(int.MaxValue, 16));
        Assert.True(Math.Abs(ToReal(got, 16) - expected) <= 1e-3 * expected + 2e-3 * Math.Max(1, temperature * temperature),
            $"loss {ToReal(got, 16)} vs saturated exact {expected}");
        for (int i = 0; i < count; i++)
        {
            double exact = temperature * (Math.Exp(logP[i]) - q[i]);
            Assert.True(Math.Abs(ToReal(gradient[i], 16) - exact) <= 1e-3 * Math.Max(1, temperature),
                $"∂L/∂z[{i}] = {ToReal(gradient[i], 16)} vs {exact}");
        }
    }
}
