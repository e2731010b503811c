using Edge.Core.Numerics;
using Edge.Host.Reference;
using Xunit;

namespace Edge.Tests.Reference;

public class FloatLossesTests
{
    private static double[] SoftmaxInDouble(float[] logits, double temperature)
    {
        double max = logits.Max();
        double[] e = logits.Select(z => Math.Exp((z - max) / temperature)).ToArray();
        double sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }

    [Theory]
    [InlineData(1f, 1UL)]
    [InlineData(2f, 2UL)]
    [InlineData(4f, 3UL)]
    [InlineData(0.5f, 4UL)]
    public void Soft_target_gradient_is_T_times_student_minus_teacher_and_matches_finite_differences(float temperature, ulong seed)
    {
        var random = new Pcg32(seed, 1);
        float[] logits = ReferenceTestData.UniformVector(random, 10, -3f, 3f);
        var teacher = new float[10];
        FloatLosses.Softmax(ReferenceTestData.UniformVector(random, 10, -3f, 3f), temperature, teacher);

        var gradient = new float[10];
        FloatLosses.SoftTargetCrossEntropy(logits, teacher, temperature, gradient);

        double[] student = SoftmaxInDouble(logits, temperature);
        const double h = 1e-3;
        for (int i = 0; i < 10; i++)
        {
            double expected = temperature * (student[i] - teacher[i]);
            Assert.Equal(expected, gradient[i], 1e-6);

            float[] up = (float[])logits.Clone();
            float[] down = (float[])logits.Clone();
            up[i] += (float)h;
            down[i] -= (float)h;
            double numeric = (FloatLosses.SoftTargetCrossEntropy(up, teacher, temperature, default)
                              - FloatLosses.SoftTargetCrossEntropy(down, teacher, temperature, default)) / (up[i] - down[i]);
            Assert.True(Math.Abs(numeric - expected) <= 1e-3 * Math.Max(Math.Abs(expected), 1e-2),
                $"class {i}: numeric {numeric}, analytic {expected}");
        }
    }

    [Fact]
    public void Hard_cross_entropy_is_soft_target_cross_entropy_against_a_one_hot_at_T_1()
    {
        float[] logits = [0.5f, -1.25f, 2f, 0f];
        float[] oneHot = [0f, 0f, 1f, 0f];
        var hardGradient = new float[4];
        var softGradient = new float[4];
        double hard = FloatLosses.CrossEntropy(logits, 2, hardGradient);
        double soft = FloatLosses.SoftTargetCrossEntropy(logits, oneHot, 1f, softGradient);
        Assert.Equal(-Math.Log(SoftmaxInDouble(logits, 1)[2]), hard, 1e-9);
        Assert.Equal(hard, soft, 1e-9);
        for (int i = 0; i < 4; i++) Assert.Equal(hardGradient[i], softGradient[i], 1e-7);
    }

    [Fact]
    public void Large_logits_do_not_overflow()
    {
        float[] logits = [1000f, -1000f, 999f];
        var gradient = new float[3];
        double loss = FloatLosses.CrossEntropy(logits, 2, gradient);
        Assert.Equal(1.0 + Math.Log(1 + Math.Exp(-1)), loss, 1e-6);
        Assert.All(gradient, g => Assert.True(float.IsFinite(g)));
    }

    [Fact]
    public void Bad_label_and_temperature_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FloatLosses.CrossEntropy([1f, 2f], 2, default));
        Assert.Throws<ArgumentOutOfRangeException>(() => FloatLosses.SoftTargetCrossEntropy([1f, 2f], [0.5f, 0.5f], 0f, default));
    }
}
