using Edge.Accelerated;
using Edge.Core.Kernels;
using Edge.Core.Learning;
using Edge.Core.Model;
using Edge.Core.Numerics;

namespace Edge.Tests.AcceleratedTwins;

/// <summary>Whole networks trained with each set of accelerated kernels and with the portable ones end bit-identical.</summary>
public class AcceleratedTrainingTests
{
    [Theory]
    [InlineData(64, 32, 4, false, 16, "host")]
    [InlineData(196, 128, 8, true, 16, "host")]
    [InlineData(196, 128, 1, false, 4, "host")]
    [InlineData(64, 32, 4, false, 16, "avx2")]
    [InlineData(196, 128, 8, true, 16, "avx2")]
    [InlineData(64, 32, 4, false, 16, "vector128")]
    [InlineData(196, 128, 8, true, 16, "vector128")]
    [InlineData(196, 128, 1, false, 4, "vector128")]
    public void ActivityPerturbation_200Steps_SameWeightsOnBothKernelSets(int inputs, int hidden, int groups, bool activeOnly, int extraBits, string kernels)
    {
        var settings = new LearnerSettings
        {
            Groups = groups, ActiveOnly = activeOnly, ExtraWeightBits = extraBits, Seed = 11,
            HiddenLearningRateQ16 = LearnerSettings.ToQ16(0.03), OutputLearningRateQ16 = LearnerSettings.ToQ16(0.1),
            SigmaQ16 = LearnerSettings.ToQ16(0.05),
        };
        var portable = new ActivityPerturbation(NewNetwork(inputs, hidden, "portable"), settings);
        var accelerated = new ActivityPerturbation(NewNetwork(inputs, hidden, kernels), settings);
        Train(portable, 200);
        Train(accelerated, 200);
        AssertSameWeights(portable.Network, accelerated.Network);
        Assert.NotEqual(PortableDenseKernel.Instance, accelerated.Network.Kernels.Dense);
    }

    [Fact]
    public void WeightPerturbation_100Steps_SameWeightsOnBothKernelSets()
    {
        var settings = new LearnerSettings { Seed = 4, SigmaQ16 = LearnerSettings.ToQ16(0.01), HiddenLearningRateQ16 = LearnerSettings.ToQ16(0.01) };
        var portable = new WeightPerturbation(NewNetwork(64, 32, "portable"), settings);
        var accelerated = new WeightPerturbation(NewNetwork(64, 32, "host"), settings);
        Train(portable, 100);
        Train(accelerated, 100);
        AssertSameWeights(portable.Network, accelerated.Network);
    }

    /// <summary>
    /// kernels: "portable" (what a device runs), "host" (the fastest twins here), "avx2" (the AVX2 twins, as on a machine
    /// without AVX-512) or "vector128" (the cross-platform twins, as on ARM64).
    /// </summary>
    private static Network NewNetwork(int inputs, int hidden, string kernels)
    {
        var network = new Network([inputs, hidden, 10]);
        if (kernels == "host") HostKernels.Accelerate(network);
        if (kernels == "avx2") network.Kernels = new KernelSet(DenseQ3_12Avx2.Instance, WeightUpdateAvx2.Instance, VectorLoops128.Instance);
        if (kernels == "vector128") network.Kernels = new KernelSet(DenseQ3_12Vector128.Instance, WeightUpdateVector128.Instance, VectorLoops128.Instance);
        network.Initialize(21);
        return network;
    }

    /// <summary>Random Q0.15 inputs (as from an ADC) and labels, the same sequence for every learner.</summary>
    private static void Train(Learner learner, int steps)
    {
        var rng = new Pcg32(99, 1);
        for (int s = 0; s < steps; s++)
        {
            short[] input = learner.Network.Input;
            for (int i = 0; i < input.Length; i++) input[i] = (short)(rng.NextInt(4) == 0 ? 0 : rng.NextInt(32768));
            learner.Target.SetLabel(rng.NextInt(10));
            learner.Train();
        }
        learner.EndBatch();
    }

    private static void AssertSameWeights(Network expected, Network actual)
    {
        bool anyChange = false;
        var fresh = new Network(expected.Sizes);
        fresh.Initialize(21);
        for (int l = 0; l < expected.LayerCount; l++)
        {
            Assert.Equal(expected.Weights[l], actual.Weights[l]);
            Assert.Equal(expected.Biases[l], actual.Biases[l]);
            anyChange |= !fresh.Weights[l].AsSpan().SequenceEqual(expected.Weights[l]);
        }
        Assert.True(anyChange, "training changed no weight: the comparison proves nothing");
    }
}
