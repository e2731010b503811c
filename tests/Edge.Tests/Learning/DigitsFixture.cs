using Edge.Core.Kernels;
using Edge.Core.Learning;
using Edge.Core.Model;
using Edge.Host.Data;

namespace Edge.Tests.Learning;

/// <summary>Digits as 12-bit ADC codes in Q0.15, loaded once for the learning tests.</summary>
public static class DigitsFixture
{
    private static readonly Lazy<(short[][] Train, int[] TrainLabels, short[][] Test, int[] TestLabels)> Data = new(Load);

    public static short[][] Train => Data.Value.Train;
    public static int[] TrainLabels => Data.Value.TrainLabels;
    public static short[][] Test => Data.Value.Test;
    public static int[] TestLabels => Data.Value.TestLabels;

    private static (short[][], int[], short[][], int[]) Load()
    {
        Dataset d = Digits.Load();
        return (Encode(d.TrainFeatures), d.TrainLabels, Encode(d.TestFeatures), d.TestLabels);
    }

    private static short[][] Encode(float[][] features) => features.Select(f =>
    {
        var codes = new int[f.Length];
        AdcEncoder.Quantize(f, 12, codes);
        var input = new short[f.Length];
        AdcInput.ToQ0_15(codes, 12, input, f.Length);
        return input;
    }).ToArray();

    /// <summary>Trains for some epochs in a fixed order (no shuffling: the test is about the learner).</summary>
    public static void TrainEpochs(Learner learner, int epochs, int limit = int.MaxValue)
    {
        int n = Math.Min(limit, Train.Length);
        for (int e = 0; e < epochs; e++)
        {
            for (int i = 0; i < n; i++)
            {
                int k = (i * 7919 + e * 104729) % n;   // a cheap fixed permutation per epoch (n is not a multiple of 7919)
                Array.Copy(Train[k], learner.Network.Input, Train[k].Length);
                learner.Target.SetLabel(TrainLabels[k]);
                learner.Train();
            }
            learner.EndBatch();
        }
    }

    public static double TestAccuracy(Network network)
    {
        int correct = 0;
        for (int i = 0; i < Test.Length; i++)
        {
            Array.Copy(Test[i], network.Input, Test[i].Length);
            network.Forward();
            if (network.Predict() == TestLabels[i]) correct++;
        }
        return 100.0 * correct / Test.Length;
    }

    public static LearnerSettings ApSettings(bool local = false) => new()
    {
        HiddenLearningRateQ16 = LearnerSettings.ToQ16(0.05),
        OutputLearningRateQ16 = LearnerSettings.ToQ16(0.05),
        SigmaQ16 = LearnerSettings.ToQ16(0.05),
        Groups = 32,
        BatchSize = 16,
        StepControl = true,
        Algorithm = local ? Edge.Core.Storage.LearningAlgorithm.ActivityPerturbationLocal : Edge.Core.Storage.LearningAlgorithm.ActivityPerturbation,
        Seed = 1,
    };

    public static Network NewNetwork(params int[] sizes)
    {
        var network = new Network(sizes);
        network.Initialize(1);
        return network;
    }
}
