using Edge.Accelerated;
using Edge.Core.Losses;
using Edge.Core.Numerics;
using Edge.Tests.AcceleratedTwins;
using Xunit;
using Xunit.Abstractions;
using static Edge.Tests.Numerics.FixedPointReference;

namespace Edge.Tests.Losses;

/// <summary>Hard-label cross-entropy and its logit gradient p − onehot against double precision.</summary>
public class CrossEntropyTests
{
    private readonly ITestOutputHelper _output;

    public CrossEntropyTests(ITestOutputHelper output) { _output = output; }

    [Fact]
    public void LossAndGradientMatchTheDoubleReference()
    {
        var rng = new Pcg32(51, 1);
        var loss = new CrossEntropy(16);
        int[] gradient = new int[16];
        double worstLoss = 0, worstGradient = 0;
        for (int n = 0; n < 5000; n++)
        {
            int count = 2 + rng.NextInt(15);
            int label = rng.NextInt(count);
            int[] logits = RandomLogits(rng, count, 16);
            int got = loss.Forward(logits, 0, count, label, gradient);
            double[] logP = LogSoftmaxReference(ToReal(logits, 16), 1);
            double lossError = Math.Abs(ToReal(got, 16) - -logP[label]);
            worstLoss = Math.Max(worstLoss, lossError);
            Assert.True(lossError < 2e-3, $"loss {ToReal(got, 16)} vs {-logP[label]}: |error| {lossError:E3} ≥ 2e-3");
            for (int i = 0; i < count; i++)
            {
                double exact = Math.Exp(logP[i]) - (i == label ? 1 : 0);
                double error = Math.Abs(ToReal(gradient[i], 16) - exact);
                worstGradient = Math.Max(worstGradient, error);
                Assert.True(error < 1e-3, $"∂L/∂z[{i}] = {ToReal(gradient[i], 16)} vs {exact}: |error| {error:E3} ≥ 1e-3");
            }
        }
        _output.WriteLine($"cross-entropy: worst loss error {worstLoss:E3}, worst gradient error {worstGradient:E3}");
    }

    [Fact]
    public void GradientIsOptionalAndOffsetIsHonoured()
    {
        var loss = new CrossEntropy(3);
        int[] logits = { 77 * Q.One16, Q.One16, 2 * Q.One16, 0 };
        int withoutGradient = loss.Forward(logits, 1, 3, 2, null);
        double exact = -LogSoftmaxReference(new[] { 1.0, 2.0, 0.0 }, 1)[2];
        Assert.InRange(ToReal(withoutGradient, 16), exact - 2e-3, exact + 2e-3);
        int[] gradient = new int[3];
        Assert.Equal(withoutGradient, loss.Forward(logits, 1, 3, 2, gradient));
    }

    [Fact]
    public void ExtremeLogitsSaturateTheLossInsteadOfWrapping()
    {
        var loss = new CrossEntropy(2);
        int[] gradient = new int[2];
        // The label's logit is 2^32 LSB below the other: −log p = 65536, beyond Q15.16: saturates.
        int[] logits = { int.MinValue, int.MaxValue };
        Assert.Equal(int.MaxValue, loss.Forward(logits, 0, 2, 0, gradient));
        Assert.Equal(-Q.One16, gradient[0]);
        Assert.Equal(Q.One16, gradient[1]);
        // The label wins by the same margin: loss 0, gradient 0.
        Assert.Equal(0, loss.Forward(logits, 0, 2, 1, gradient));
        Assert.Equal(new[] { 0, 0 }, gradient);
        // Equal extreme logits: ln 2.
        int[] tie = { int.MaxValue, int.MaxValue };
        Assert.InRange(ToReal(loss.Forward(tie, 0, 2, 0, gradient), 16), Math.Log(2) - 2e-3, Math.Log(2) + 2e-3);
        Assert.Equal(new[] { -Q.One16 / 2, Q.One16 / 2 }, gradient);
    }

    /// <summary>
    /// With each set of vector loops (the AVX-512 set twins the whole loss for 8 to 16 classes), the loss and gradient are
    /// the device loop's, bit for bit: logits close together, far apart and at both ends of int32, from an offset, with and
    /// without a gradient, the gradient array longer than the classes (the rest untouched).
    /// </summary>
    [Theory]
    [MemberData(nameof(LoopSets.Names), MemberType = typeof(LoopSets))]
    public void WithVectorLoops_TheLossAndGradientAreTheDevicesLoop(string loopSet)
    {
        var rng = new Pcg32(53, 2);
        for (int trial = 0; trial < 6000; trial++)
        {
            int[] logits = TrialLogits(rng, trial, out int count, out int offset);
            int label = rng.NextInt(count);
            bool withGradient = trial % 5 != 0;
            var expectedGradient = new int[count + 2];
            var gradient = new int[count + 2];
            expectedGradient[count] = gradient[count] = 12345;
            int expected = new CrossEntropy(count).Forward(logits, offset, count, label, withGradient ? expectedGradient : null);
            int got = new CrossEntropy(count, LoopSets.Get(loopSet)).Forward(logits, offset, count, label, withGradient ? gradient : null);
            Assert.True(expected == got, $"trial {trial}, {count} classes: {got} ≠ {expected}");
            Assert.Equal(expectedGradient, gradient);
            bool twinned = LoopSets.Get(loopSet).SoftmaxCrossEntropy(logits, offset, count, label, null, out int twinLoss);
            if (twinned) Assert.Equal(expected, twinLoss);
            if (loopSet == "avx512" && VectorLoopsAvx512.IsSupported && System.Runtime.Intrinsics.X86.Avx512Vbmi.IsSupported)
                Assert.Equal(count >= 8 && count <= 16, twinned);   // the twin ran, not the core's loop behind it
        }
    }
}
