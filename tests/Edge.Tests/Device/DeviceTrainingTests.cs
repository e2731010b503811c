using System.Diagnostics;
using Edge.Accelerated;
using Edge.Core.Kernels;
using Edge.Core.Learning;
using Edge.Core.Model;
using Edge.Core.Numerics;
using Edge.Core.Storage;
using Edge.Firmware;
using Edge.Host.Device;
using Edge.Tests.Firmware;
using Xunit;
using Xunit.Abstractions;

namespace Edge.Tests.Device;

/// <summary>
/// Training through the protocol is training: a digits-like run over the client ends with weights
/// bit-identical to the Edge.Core learner fed the same ADC codes and seeds directly.
/// </summary>
public class DeviceTrainingTests(ITestOutputHelper output)
{
    private const int Channels = 64;
    private const int AdcBits = 12;

    /// <summary>Ten noisy prototypes of 64 ADC codes (8×8 "digits"), as codes and as the stimuli that read back as them.</summary>
    internal static (int[][] Codes, int[][] Stimuli, int[] Labels) DigitsLike(IdealInput input, int count, ulong seed)
    {
        var rng = new Pcg32(seed, 2);
        var prototypes = new int[10][];
        for (int c = 0; c < 10; c++)
        {
            prototypes[c] = new int[Channels];
            for (int i = 0; i < Channels; i++) prototypes[c][i] = rng.NextInt(4) == 0 ? 3000 + rng.NextInt(1000) : rng.NextInt(600);
        }
        var codes = new int[count][];
        var stimuli = new int[count][];
        var labels = new int[count];
        for (int n = 0; n < count; n++)
        {
            int label = rng.NextInt(10);
            labels[n] = label;
            codes[n] = new int[Channels];
            for (int i = 0; i < Channels; i++)
                codes[n][i] = Math.Clamp(prototypes[label][i] + rng.NextInt(801) - 400, 0, (1 << AdcBits) - 1);
            stimuli[n] = codes[n].Select(input.MicrovoltsFor).ToArray();
        }
        return (codes, stimuli, labels);
    }

    private static LearnerSettings Settings(byte algorithm) => new()
    {
        BatchSize = 8,
        Groups = algorithm == LearningAlgorithm.WeightPerturbation ? 1 : 2,
        Directions = 2,
        ActiveOnly = true,
        Seed = 31,
        Algorithm = algorithm,
    };

    private static Learner Reference(Network network, byte algorithm) => algorithm switch
    {
        LearningAlgorithm.WeightPerturbation => new WeightPerturbation(network, Settings(algorithm)),
        LearningAlgorithm.ReadoutOnly => new ReadoutOnly(network, Settings(algorithm)),
        _ => new ActivityPerturbation(network, Settings(algorithm)),
    };

    [Theory]
    [InlineData(LearningAlgorithm.ActivityPerturbation, new[] { 64, 32, 10 })]
    [InlineData(LearningAlgorithm.ActivityPerturbationLocal, new[] { 64, 24, 16, 10 })]
    [InlineData(LearningAlgorithm.WeightPerturbation, new[] { 64, 8, 10 })]
    [InlineData(LearningAlgorithm.ReadoutOnly, new[] { 64, 32, 10 })]
    public void TrainingThroughTheClientIsBitIdenticalToTheLearner(byte algorithm, int[] sizes)
    {
        var board = new TestBoard(Channels, AdcBits);
        var firmware = new DeviceFirmware(board, HostKernels.Set);
        var client = new DeviceClient(new LoopbackTransport(firmware));
        var (codes, stimuli, labels) = DigitsLike(board.IdealInput, 300, 4);
        client.Configure(sizes, algorithm, Settings(algorithm), initSeed: 17);

        var network = new Network(sizes);
        network.Initialize(17);
        var learner = Reference(network, algorithm);

        int correct = 0;
        for (int epoch = 0; epoch < 2; epoch++)
        {
            var results = client.TrainBatch(stimuli, labels, endBatch: true);
            for (int n = 0; n < codes.Length; n++)
            {
                AdcInput.ToQ0_15(codes[n], AdcBits, network.Input, Channels);
                learner.Target.SetLabel(labels[n]);
                learner.Train();
                Assert.Equal(learner.LastLoss, results[n].LossQ16);
                if (epoch == 1 && results[n].Predicted == labels[n]) correct++;
            }
            learner.EndBatch();
        }
        var expected = new short[network.ParameterCount];
        WeightStream.Read(network, 0, expected, 0, expected.Length);
        Assert.Equal(expected, client.GetWeights());
        Assert.Equal(600, client.Stats().SamplesTrained);
        if (algorithm != LearningAlgorithm.WeightPerturbation) Assert.True(correct > 100, $"only {correct}/300 right in epoch 2 (chance: 30): nothing learned?");
    }

    [Fact]
    public void DistillingThroughTheClientIsBitIdenticalToTheLearner()
    {
        var board = new TestBoard(Channels, AdcBits);
        var client = new DeviceClient(new LoopbackTransport(new DeviceFirmware(board)));
        var (codes, stimuli, labels) = DigitsLike(board.IdealInput, 100, 6);
        var rng = new Pcg32(2, 2);
        var teachers = labels.Select(l => Enumerable.Range(0, 10).Select(k => (k == l ? 3 << 16 : 0) + rng.NextInt(1 << 15)).ToArray()).ToArray();
        var sizes = new[] { 64, 16, 10 };
        client.Configure(sizes, LearningAlgorithm.ActivityPerturbation, Settings(LearningAlgorithm.ActivityPerturbation), 5);
        var results = client.TrainSoftBatch(stimuli, teachers, temperatureQ16: 3 << 16, labels: labels, alphaQ16: 1 << 13, endBatch: true);

        var network = new Network(sizes);
        network.Initialize(5);
        var learner = Reference(network, LearningAlgorithm.ActivityPerturbation);
        for (int n = 0; n < codes.Length; n++)
        {
            AdcInput.ToQ0_15(codes[n], AdcBits, network.Input, Channels);
            learner.Target.SetTeacher(teachers[n], true, 3 << 16, labels[n], 1 << 13);
            learner.Train();
            Assert.Equal(learner.LastLoss, results[n].LossQ16);
        }
        learner.EndBatch();
        var expected = new short[network.ParameterCount];
        WeightStream.Read(network, 0, expected, 0, expected.Length);
        Assert.Equal(expected, client.GetWeights());
    }

    [Fact]
    public void BatchedTrainThroughputOverLoopback()
    {
        var board = new TestBoard(Channels, AdcBits);
        var firmware = new DeviceFirmware(board, HostKernels.Set);
        var client = new DeviceClient(new LoopbackTransport(firmware));
        var (codes, stimuli, labels) = DigitsLike(board.IdealInput, 1500, 9);
        var settings = new LearnerSettings { BatchSize = 16, Seed = 1 };
        client.Configure(new[] { 64, 32, 10 }, LearningAlgorithm.ActivityPerturbation, settings, 1);
        client.TrainBatch(stimuli[..100], labels[..100]); // warm up

        var watch = Stopwatch.StartNew();
        client.TrainBatch(stimuli, labels, endBatch: true);
        double exact = stimuli.Length / watch.Elapsed.TotalSeconds;

        client.StimulusStepMicrovolts = 100;
        watch.Restart();
        client.TrainBatch(stimuli, labels, endBatch: true);
        double compact = stimuli.Length / watch.Elapsed.TotalSeconds;

        var network = new Network(new[] { 64, 32, 10 }) { Kernels = HostKernels.Set };
        network.Initialize(1);
        var learner = new ActivityPerturbation(network, settings);
        watch.Restart();
        for (int n = 0; n < codes.Length; n++)
        {
            AdcInput.ToQ0_15(codes[n], AdcBits, network.Input, Channels);
            learner.Target.SetLabel(labels[n]);
            learner.Train();
        }
        double direct = codes.Length / watch.Elapsed.TotalSeconds;
        output.WriteLine($"64-32-10 AP, batched TRAIN over loopback: {exact:F0} samples/s (int32 stimuli, 7/frame), " +
                         $"{compact:F0} samples/s (uint16 stimuli, 15/frame); learner called directly: {direct:F0} samples/s");
        Assert.True(exact > 500, $"{exact:F0} samples/s");
    }
}
