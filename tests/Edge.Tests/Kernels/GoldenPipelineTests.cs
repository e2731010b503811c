using Edge.Core.Kernels;
using Edge.Core.Numerics;
using Xunit;
using static Edge.Tests.Numerics.FixedPointReference;

namespace Edge.Tests.Kernels;

/// <summary>
/// Determinism pin: a fixed-seed pipeline random weights → Dense → ReLU → Dense → Softmax, with
/// its outputs written down as literals. Any change of Pcg32, rounding, saturation, the exp table
/// or the softmax division breaks this test; a deliberate change must update the literals.
/// </summary>
public class GoldenPipelineTests
{
    private const int Inputs = 20, Hidden = 12, Classes = 5;

    private static (int[] hiddenPre, short[] hidden, int[] logits, int[] probabilities, int[] probabilitiesT4) Run()
    {
        var rng = new Pcg32(20250101, 3);
        short[] Draw(int count, int lo, int hi)
        {
            short[] values = new short[count];
            for (int i = 0; i < count; i++) values[i] = (short)(lo + rng.NextInt(hi - lo + 1));
            return values;
        }
        short[] w1 = Draw(Hidden * Inputs, -3000, 3000);   // Q3.12, about ±0.73
        short[] b1 = Draw(Hidden, -1000, 1000);
        short[] w2 = Draw(Classes * Hidden, -6000, 6000);
        short[] b2 = Draw(Classes, -1000, 1000);
        short[] x = Draw(Inputs, 0, 32767);                 // Q0.15 ADC-like inputs
        int[] hiddenPre = new int[Hidden];
        short[] hidden = new short[Hidden];
        int[] logits = new int[Classes];
        int[] p = new int[Classes], pT4 = new int[Classes];
        DenseQ3_12.Forward(w1, b1, 0, x, Q.InputFrac, Inputs, Hidden, hiddenPre);
        Relu.Instance.Forward(0, hiddenPre, hidden, Hidden);
        DenseQ3_12.Forward(w2, b2, 0, hidden, Q.ActivationFrac, Hidden, Classes, logits);
        Softmax.Forward(logits, 0, Classes, Q.One16, p);
        Softmax.Forward(logits, 0, Classes, 4 * Q.One16, pT4);
        return (hiddenPre, hidden, logits, p, pT4);
    }

    [Fact]
    public void PipelineOutputsArePinnedBitExactly()
    {
        var (hiddenPre, hidden, logits, p, pT4) = Run();
        Assert.Equal(GoldenHiddenPre, hiddenPre);
        Assert.Equal(GoldenHidden, hidden);
        Assert.Equal(GoldenLogits, logits);
        Assert.Equal(GoldenProbabilities, p);
        Assert.Equal(GoldenProbabilitiesT4, pT4);
    }

    [Fact]
    public void GoldenProbabilitiesAgreeWithDoubleSoftmaxOfTheGoldenLogits()
    {
        // Guards the literals themselves: they must be a plausible softmax, not just any numbers.
        double[] exact = SoftmaxReference(ToReal(GoldenLogits, 16), 1);
        double[] exactT4 = SoftmaxReference(ToReal(GoldenLogits, 16), 4);
        for (int i = 0; i < Classes; i++)
        {
            Assert.InRange(ToReal(GoldenProbabilities[i], 16), exact[i] - 1e-3, exact[i] + 1e-3);
            Assert.InRange(ToReal(GoldenProbabilitiesT4[i], 16), exactT4[i] - 1e-3, exactT4[i] + 1e-3);
        }
        Assert.Contains(GoldenHidden, h => h == 0);  // ReLU cut something
        Assert.Contains(GoldenHidden, h => h > 0);
    }

    private static readonly int[] GoldenHiddenPre = { -153859, -10287, 6721, -54392, 42537, 12372, 31980, 36864, 73253, -89679, -50491, 68647 };
    private static readonly short[] GoldenHidden = { 0, 0, 210, 0, 1329, 387, 999, 1152, 2289, 0, 0, 2145 };
    private static readonly int[] GoldenLogits = { -26893, -54325, 54214, -107005, -109043 };
    private static readonly int[] GoldenProbabilities = { 11527, 7585, 39738, 3395, 3291 };
    private static readonly int[] GoldenProbabilitiesT4 = { 13853, 12476, 18876, 10205, 10126 };
}
