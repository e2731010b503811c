using Edge.Core.Storage;
using System.Diagnostics;
using Edge.Core.Numerics;
using Edge.Host.Data;

namespace Edge.Host.Learn;

/// <summary>What one learning run measured.</summary>
public sealed record LearnResult(
    LearnSettings Settings,
    string Arch,
    int TrainSamples,
    int TestSamples,
    long ForwardPasses,
    long ForwardMacs,
    long TrainMacs,
    double TrainAccuracy,
    double TestAccuracy,
    int StateBytes,
    double Seconds,
    double[] TestAccuracyCurve);

/// <summary>
/// One learning run as `edge bench learn` does it: every epoch the training split in a fresh order
/// (from the seed), each sample read through an ADC of the given bits and noise, trained; then
/// test accuracy. Reproducible: equal settings give equal numbers.
/// </summary>
public static class LearnBenchmark
{
    /// <summary>Stream ids of the run's random sources, so they never overlap.</summary>
    private const ulong ShuffleStream = 3, TrainAdcStream = 0xADC0, TestAdcStream = 0xADC1;

    public static int[] Sizes(Dataset data, int[] hidden) => Sizes(data.FeatureCount, hidden, data.ClassCount);

    public static int[] Sizes(int inputs, int[] hidden, int classes)
    {
        var sizes = new int[hidden.Length + 2];
        sizes[0] = inputs;
        hidden.CopyTo(sizes, 1);
        sizes[^1] = classes;
        return sizes;
    }

    public static ITrainee CreateTrainee(int[] sizes, LearnSettings settings) =>
        settings.Algorithm == LearningAlgorithm.Backprop || !settings.FixedPoint
            ? Reference.FloatTrainee.Create(sizes, settings)
            : new FixedPointTrainee(sizes, settings);

    /// <param name="finished">Gets the trained network after the run (e.g. to export its weights).</param>
    public static LearnResult Run(Dataset data, LearnSettings settings, Action<long, long, string>? progress = null,
                                  Action<ITrainee>? finished = null)
    {
        int[] sizes = Sizes(data, settings.Hidden);
        var watch = Stopwatch.StartNew();
        ITrainee trainee = CreateTrainee(sizes, settings);
        var trainAdc = new AdcEncoder(settings.AdcBits, settings.AdcNoiseLsb, settings.Seed * 1000003 + TrainAdcStream);
        var testAdc = new AdcEncoder(settings.AdcBits, settings.AdcNoiseLsb, settings.Seed * 1000003 + TestAdcStream);
        var codes = new int[data.FeatureCount];
        var order = new int[data.TrainCount];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        var shuffle = new Pcg32(settings.Seed, ShuffleStream);
        var curve = new double[settings.Epochs];
        long total = (long)settings.Epochs * data.TrainCount;

        for (int epoch = 0; epoch < settings.Epochs; epoch++)
        {
            Shuffle(order, shuffle);
            if (settings.LinearDecay) trainee.ScheduleEpoch(epoch, settings.Epochs);
            for (int n = 0; n < order.Length; n++)
            {
                int i = order[n];
                trainAdc.Encode(data.TrainFeatures[i], codes);
                trainee.Train(codes, data.TrainLabels[i]);
                if (progress != null && (n & 1023) == 0)
                    progress((long)epoch * data.TrainCount + n, total, $"epoch {epoch + 1}/{settings.Epochs}");
            }
            trainee.EndEpoch();
            curve[epoch] = Accuracy(trainee, data.TestFeatures, data.TestLabels, testAdc, codes);
            progress?.Invoke((long)(epoch + 1) * data.TrainCount, total, $"epoch {epoch + 1}/{settings.Epochs} test {curve[epoch]:F1} %");
        }
        double trainAccuracy = Accuracy(trainee, data.TrainFeatures, data.TrainLabels, testAdc, codes);
        double testAccuracy = settings.Epochs > 0 ? curve[^1] : Accuracy(trainee, data.TestFeatures, data.TestLabels, testAdc, codes);
        finished?.Invoke(trainee);
        return new LearnResult(settings, string.Join('-', sizes), data.TrainCount, data.TestCount,
            trainee.ForwardPasses, trainee.ForwardMacs, trainee.TrainMacs, trainAccuracy, testAccuracy, trainee.StateBytes, watch.Elapsed.TotalSeconds, curve);
    }

    /// <summary>Percentage of samples whose prediction matches the label, each read through the ADC.</summary>
    public static double Accuracy(ITrainee trainee, float[][] features, int[] labels, AdcEncoder adc, int[] codes)
    {
        int correct = 0;
        for (int i = 0; i < features.Length; i++)
        {
            adc.Encode(features[i], codes);
            if (trainee.Predict(codes) == labels[i]) correct++;
        }
        return 100.0 * correct / features.Length;
    }

    /// <summary>Fisher–Yates with Pcg32: the one sample order of bench learn, `edge train` and the board transfers.</summary>
    public static void Shuffle(int[] order, Pcg32 rng)
    {
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }
}
