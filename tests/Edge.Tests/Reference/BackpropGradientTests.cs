using Edge.Core.Numerics;
using Edge.Host.Reference;
using Xunit;

namespace Edge.Tests.Reference;

/// <summary>Backprop's gradients against central finite differences of the loss, weight by weight.</summary>
public class BackpropGradientTests
{
    private const double Step = 1e-2;

    private static double Loss(FloatMlp network, float[] input, int label, float[]? teacher, float temperature, float alpha)
    {
        var logits = new float[network.OutputSize];
        network.Forward(input, logits);
        if (teacher is null) return FloatLosses.CrossEntropy(logits, label, default);
        double loss = (1 - alpha) * FloatLosses.SoftTargetCrossEntropy(logits, teacher, temperature, default);
        return alpha > 0 ? loss + alpha * FloatLosses.CrossEntropy(logits, label, default) : loss;
    }

    /// <summary>‖analytic − numeric‖ / max(‖analytic‖, ‖numeric‖) over every parameter of every layer.</summary>
    private static void AssertGradientsMatch(FloatMlp network, BackpropTrainer trainer, float[] input, int label,
                                             float[]? teacher, float temperature, float alpha)
    {
        for (int l = 0; l < network.LayerCount; l++)
        {
            foreach (var (parameters, analytic) in new[] { (network.Weights[l], trainer.WeightGradients[l]), (network.Biases[l], trainer.BiasGradients[l]) })
            {
                double differenceSquared = 0, analyticSquared = 0, numericSquared = 0;
                for (int k = 0; k < parameters.Length; k++)
                {
                    float saved = parameters[k];
                    parameters[k] = saved + (float)Step;
                    double up = Loss(network, input, label, teacher, temperature, alpha);
                    parameters[k] = saved - (float)Step;
                    double down = Loss(network, input, label, teacher, temperature, alpha);
                    parameters[k] = saved;
                    double numeric = (up - down) / (2 * Step);
                    differenceSquared += (numeric - analytic[k]) * (numeric - analytic[k]);
                    analyticSquared += (double)analytic[k] * analytic[k];
                    numericSquared += numeric * numeric;
                }
                double relativeError = Math.Sqrt(differenceSquared) / Math.Max(Math.Sqrt(Math.Max(analyticSquared, numericSquared)), 1e-12);
                Assert.True(analyticSquared > 0, $"layer {l}: gradient is all zero, the check would prove nothing");
                Assert.True(relativeError < 1e-3, $"layer {l} ({parameters.Length} parameters): relative error {relativeError:E2}");
            }
        }
    }

    [Theory]
    [InlineData(11UL)]
    [InlineData(12UL)]
    [InlineData(13UL)]
    public void Hard_label_gradients_match_finite_differences_through_two_hidden_layers(ulong seed)
    {
        var network = new FloatMlp([5, 7, 6, 4], seed);
        var random = new Pcg32(seed, 3);
        // Non-zero biases so that the check also covers them away from the initial state.
        foreach (float[] b in network.Biases) for (int i = 0; i < b.Length; i++) b[i] = ReferenceTestData.Uniform(random, -0.3f, 0.3f);
        float[] input = ReferenceTestData.UniformVector(random, 5);
        var trainer = new BackpropTrainer(network);
        trainer.AccumulateHardLabel(input, 2);
        AssertGradientsMatch(network, trainer, input, 2, null, 1f, 0f);
    }

    [Theory]
    [InlineData(0f, 1f)]
    [InlineData(0f, 3f)]
    [InlineData(0.3f, 2f)]
    public void Distillation_gradients_match_finite_differences(float alpha, float temperature)
    {
        var network = new FloatMlp([5, 8, 4], 21);
        var random = new Pcg32(21, 3);
        float[] input = ReferenceTestData.UniformVector(random, 5);
        var teacher = new float[4];
        FloatLosses.Softmax(ReferenceTestData.UniformVector(random, 4, -2f, 2f), temperature, teacher);
        var trainer = new BackpropTrainer(network) { Temperature = temperature, HardLabelWeight = alpha };
        trainer.AccumulateSoftTarget(input, teacher, 1);
        AssertGradientsMatch(network, trainer, input, 1, teacher, temperature, alpha);
    }
}
