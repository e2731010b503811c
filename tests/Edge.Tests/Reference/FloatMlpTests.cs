using Edge.Host.Reference;
using Xunit;

namespace Edge.Tests.Reference;

public class FloatMlpTests
{
    [Fact]
    public void Initial_weights_are_he_uniform_zero_bias_and_named_by_the_seed()
    {
        var a = new FloatMlp([64, 32, 10], 5);
        var b = new FloatMlp([64, 32, 10], 5);
        var c = new FloatMlp([64, 32, 10], 6);
        Assert.Equal(a.Weights[0], b.Weights[0]);
        Assert.NotEqual(a.Weights[0], c.Weights[0]);
        Assert.Equal("64-32-10", a.Architecture);
        Assert.Equal(64 * 32 + 32 + 32 * 10 + 10, a.ParameterCount);

        float heLimit = MathF.Sqrt(6f / 64);
        Assert.All(a.Weights[0], w => Assert.InRange(w, -heLimit, heLimit));
        Assert.True(a.Weights[0].Max() > 0.9f * heLimit && a.Weights[0].Min() < -0.9f * heLimit);
        Assert.InRange(a.Weights[0].Average(), -0.05, 0.05);
        Assert.All(a.Weights[1], w => Assert.InRange(w, -MathF.Sqrt(3f / 32), MathF.Sqrt(3f / 32)));
        Assert.All(a.Biases, bias => Assert.All(bias, v => Assert.Equal(0f, v)));
    }

    [Fact]
    public void Forward_is_relu_hidden_and_linear_output_in_row_major_layout()
    {
        var network = new FloatMlp([2, 2, 1], 1);
        // Hidden: h0 = relu(1·x0 + 2·x1 + 0.5), h1 = relu(−1·x0 + 0·x1 − 1); output: 3·h0 − 2·h1 − 0.25.
        network.Weights[0][0] = 1f; network.Weights[0][1] = 2f; network.Weights[0][2] = -1f; network.Weights[0][3] = 0f;
        network.Biases[0][0] = 0.5f; network.Biases[0][1] = -1f;
        network.Weights[1][0] = 3f; network.Weights[1][1] = -2f;
        network.Biases[1][0] = -0.25f;
        var logits = new float[1];

        network.Forward([1f, 1f], logits);
        Assert.Equal(3f * 3.5f - 0.25f, logits[0]);
        network.Forward([-4f, 0f], logits); // h0 = relu(−3.5) = 0, h1 = 3: the output goes negative
        Assert.Equal(-2f * 3f - 0.25f, logits[0]);
    }

    [Fact]
    public void Forward_matches_a_naive_loop_on_sizes_that_are_not_vector_multiples()
    {
        var network = new FloatMlp([37, 13, 5], 9);
        var random = new Edge.Core.Numerics.Pcg32(9, 2);
        float[] x = ReferenceTestData.UniformVector(random, 37);
        var logits = new float[5];
        network.Forward(x, logits);

        double[] hidden = new double[13];
        for (int o = 0; o < 13; o++)
        {
            double z = network.Biases[0][o];
            for (int i = 0; i < 37; i++) z += network.Weights[0][o * 37 + i] * (double)x[i];
            hidden[o] = Math.Max(0, z);
        }
        for (int o = 0; o < 5; o++)
        {
            double z = network.Biases[1][o];
            for (int i = 0; i < 13; i++) z += network.Weights[1][o * 13 + i] * hidden[i];
            Assert.Equal(z, logits[o], 1e-4);
        }
    }

    [Fact]
    public void Clone_copies_weights_and_is_independent()
    {
        var network = new FloatMlp([4, 3, 2], 1);
        FloatMlp copy = network.Clone();
        Assert.Equal(network.Weights[1], copy.Weights[1]);
        copy.Weights[1][0] += 1f;
        Assert.NotEqual(network.Weights[1][0], copy.Weights[1][0]);
        Assert.Throws<ArgumentException>(() => network.CopyWeightsFrom(new FloatMlp([4, 5, 2], 1)));
    }
}
