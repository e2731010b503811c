using Edge.Host.Reference;
using Xunit;

namespace Edge.Tests.Reference;

public class BackpropTrainerTests
{
    private static BackpropTrainer TrainOnBlobs(ulong seed, float momentum, int epochs = 15)
    {
        var (inputs, labels) = ReferenceTestData.Blobs(400, 2f, seed: 5);
        var trainer = new BackpropTrainer(new FloatMlp([2, 8, 2], seed)) { LearningRate = 0.05f, Momentum = momentum, Seed = seed };
        for (int e = 0; e < epochs; e++) trainer.TrainEpoch(inputs, labels);
        return trainer;
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(0.9f)]
    public void Learns_two_gaussian_blobs_to_over_95_percent_on_unseen_samples(float momentum)
    {
        BackpropTrainer trainer = TrainOnBlobs(1, momentum);
        var (testInputs, testLabels) = ReferenceTestData.Blobs(1000, 2f, seed: 6);
        Assert.True(trainer.Accuracy(testInputs, testLabels) > 0.95, $"accuracy {trainer.Accuracy(testInputs, testLabels):P1}");
        Assert.Equal(15, trainer.EpochsDone);
    }

    [Fact]
    public void Adam_first_step_moves_every_weight_with_a_gradient_by_the_rate_against_its_sign()
    {
        // step 1: m̂ = g, v̂ = g², so every parameter moves by lr · g / (|g| + ε): by the rate, against the gradient's sign
        var network = new FloatMlp([3, 4, 2], 2);
        var trainer = new BackpropTrainer(network) { Optimizer = Optimizer.Adam, LearningRate = 0.01f, BatchSize = 1 };
        float[][] before = network.Weights.Select(w => (float[])w.Clone()).ToArray();
        trainer.AccumulateHardLabel(new float[] { 0.2f, 0.7f, 0.4f }, 1);
        float[][] gradients = trainer.WeightGradients.Select(g => (float[])g.Clone()).ToArray();
        trainer.ApplyGradients();
        for (int l = 0; l < before.Length; l++)
            for (int k = 0; k < before[l].Length; k++)
            {
                float g = gradients[l][k];
                float expected = Math.Abs(g) < 1e-6f ? 0f : -0.01f * Math.Sign(g);
                Assert.Equal(expected, network.Weights[l][k] - before[l][k], 4);
            }
    }

    [Fact]
    public void Adam_learns_the_blobs()
    {
        var (inputs, labels) = ReferenceTestData.Blobs(400, 2f, seed: 5);
        var trainer = new BackpropTrainer(new FloatMlp([2, 8, 2], 1)) { Optimizer = Optimizer.Adam, LearningRate = 0.01f, Seed = 1 };
        for (int e = 0; e < 15; e++) trainer.TrainEpoch(inputs, labels);
        var (testInputs, testLabels) = ReferenceTestData.Blobs(1000, 2f, seed: 6);
        Assert.True(trainer.Accuracy(testInputs, testLabels) > 0.95);
    }

    [Fact]
    public void Loss_falls_over_epochs()
    {
        var (inputs, labels) = ReferenceTestData.Blobs(400, 2f, seed: 5);
        var trainer = new BackpropTrainer(new FloatMlp([2, 8, 2], 3));
        double first = trainer.TrainEpoch(inputs, labels);
        double last = first;
        for (int e = 0; e < 10; e++) last = trainer.TrainEpoch(inputs, labels);
        Assert.True(last < first * 0.7, $"loss {first} → {last}");
    }

    [Fact]
    public void Same_seed_gives_identical_weights_and_another_seed_does_not()
    {
        BackpropTrainer a = TrainOnBlobs(7, 0.5f, epochs: 3);
        BackpropTrainer b = TrainOnBlobs(7, 0.5f, epochs: 3);
        BackpropTrainer c = TrainOnBlobs(8, 0.5f, epochs: 3);
        for (int l = 0; l < a.Network.LayerCount; l++)
        {
            Assert.Equal(a.Network.Weights[l], b.Network.Weights[l]);
            Assert.Equal(a.Network.Biases[l], b.Network.Biases[l]);
        }
        Assert.NotEqual(a.Network.Weights[0], c.Network.Weights[0]);
    }

    [Fact]
    public void The_shuffle_seed_alone_changes_the_result()
    {
        var (inputs, labels) = ReferenceTestData.Blobs(64, 2f, seed: 5);
        var a = new BackpropTrainer(new FloatMlp([2, 8, 2], 1)) { Seed = 1 };
        var b = new BackpropTrainer(new FloatMlp([2, 8, 2], 1)) { Seed = 2 };
        a.TrainEpoch(inputs, labels);
        b.TrainEpoch(inputs, labels);
        Assert.NotEqual(a.Network.Weights[0], b.Network.Weights[0]);
    }

    [Fact]
    public void A_student_distilled_from_soft_targets_agrees_with_its_teacher()
    {
        var (inputs, labels) = ReferenceTestData.Blobs(400, 2f, seed: 5);
        BackpropTrainer teacher = TrainOnBlobs(1, 0f);
        const float temperature = 3f;
        var logits = new float[2];
        float[][] soft = inputs.Select(x =>
        {
            teacher.Network.Forward(x, logits);
            var q = new float[2];
            FloatLosses.Softmax(logits, temperature, q);
            return q;
        }).ToArray();

        var student = new BackpropTrainer(new FloatMlp([2, 6, 2], 99)) { Temperature = temperature, LearningRate = 0.05f };
        for (int e = 0; e < 15; e++) student.TrainEpochSoft(inputs, soft);

        var (testInputs, _) = ReferenceTestData.Blobs(1000, 2f, seed: 6);
        int agree = testInputs.Count(x => student.Network.Predict(x) == teacher.Network.Predict(x));
        Assert.True(agree > 950, $"student agrees with teacher on {agree} of 1000");
    }

    [Fact]
    public void Per_sample_work_allocates_nothing()
    {
        var network = new FloatMlp([16, 12, 4], 1);
        var trainer = new BackpropTrainer(network);
        var input = new float[16];
        var teacher = new float[] { 0.1f, 0.2f, 0.3f, 0.4f };
        var logits = new float[4];
        trainer.AccumulateHardLabel(input, 1); // warm up (JIT)
        trainer.AccumulateSoftTarget(input, teacher, -1);
        network.Forward(input, logits);
        Assert.Equal(0, Allocations.Of(() =>
        {
            for (int n = 0; n < 100; n++)
            {
                network.Forward(input, logits);
                trainer.AccumulateHardLabel(input, 1);
                trainer.AccumulateSoftTarget(input, teacher, -1);
                trainer.ApplyGradients();
            }
        }));
    }

    [Fact]
    public void Mismatched_inputs_are_rejected_with_a_clear_message()
    {
        var trainer = new BackpropTrainer(new FloatMlp([3, 4, 2], 1));
        var error = Assert.Throws<ArgumentException>(() => trainer.TrainEpoch([new float[3], new float[3]], [0]));
        Assert.Contains("2 inputs but 1 labels", error.Message);
        var shape = Assert.Throws<ArgumentException>(() => trainer.Network.Forward(new float[5], new float[2]));
        Assert.Contains("network expects 3", shape.Message);
        trainer.HardLabelWeight = 0.5f;
        var noLabels = Assert.Throws<ArgumentException>(() => trainer.TrainEpochSoft([new float[3]], [new float[2]]));
        Assert.Contains("a hard-label weight needs labels", noLabels.Message);
    }
}
