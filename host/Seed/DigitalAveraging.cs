using Edge.Core.Learning;
using Edge.Core.Numerics;
using Edge.Host.Data;
using Edge.Host.Learn;

namespace Edge.Host.Seed;

/// <summary>
/// Identical digital boards sharing what they learn: replicas of one fixed-point model (the same initial weights, an
/// ideal ADC), each learning its own part of the data, whose int32 master weights are averaged after every mini-batch.
/// Since every replica starts each batch from the same weights, that is averaging their weight changes.
/// </summary>
public static class DigitalAveraging
{
    /// <summary>
    /// Trains the replicas for <paramref name="settings"/>' epochs, each replica seeing as many samples per epoch as the
    /// whole training split (its own part, over and over, reshuffled each pass); returns the shared model's test accuracy.
    /// </summary>
    public static double Run(Dataset data, int[][] parts, LearnSettings settings, CancellationToken cancellation)
    {
        int[] sizes = LearnBenchmark.Sizes(data, settings.Hidden);
        FixedPointTrainee[] replicas = parts.Select(_ => new FixedPointTrainee(sizes, settings)).ToArray();
        int[][] codes = Samples.IdealCodes(data.TrainFeatures, settings.AdcBits);
        PartStream[] streams = parts.Select((part, r) => new PartStream(part, new Pcg32(settings.Seed + (ulong)r, 3))).ToArray();
        int steps = data.TrainCount / settings.Learner.BatchSize;
        for (int epoch = 0; epoch < settings.Epochs; epoch++)
        {
            cancellation.ThrowIfCancellationRequested();
            if (settings.LinearDecay)
                foreach (FixedPointTrainee replica in replicas) replica.ScheduleEpoch(epoch, settings.Epochs);
            for (int step = 0; step < steps; step++)
            {
                // a full mini-batch each: every learner commits its own step, then the steps are averaged
                for (int r = 0; r < replicas.Length; r++)
                    for (int b = 0; b < settings.Learner.BatchSize; b++)
                    {
                        int i = streams[r].Next();
                        replicas[r].Train(codes[i], data.TrainLabels[i]);
                    }
                Average(replicas);
            }
        }
        var adc = new AdcEncoder(settings.AdcBits, 0, settings.Seed);
        return LearnBenchmark.Accuracy(replicas[0], data.TestFeatures, data.TestLabels, adc, new int[data.FeatureCount]);
    }

    /// <summary>Every replica's masters become their mean (rounded to nearest), and its int16 weights follow.</summary>
    private static void Average(FixedPointTrainee[] replicas)
    {
        for (int l = 0; l < replicas[0].Network.LayerCount; l++)
        {
            MasterWeights[] masters = replicas.Select(t => MasterReads.Of(t.Learner, l)).ToArray();
            AverageInPlace(masters.Select(m => m.Weights).ToArray());
            AverageInPlace(masters.Select(m => m.Biases).ToArray());
            foreach (MasterWeights m in masters) m.Commit();   // nothing pending: rounds the shared masters into the int16 weights
        }
    }

    private static void AverageInPlace(int[][] copies)
    {
        int n = copies.Length;
        for (int i = 0; i < copies[0].Length; i++)
        {
            long sum = 0;
            foreach (int[] copy in copies) sum += copy[i];
            int mean = (int)(sum >= 0 ? (sum + n / 2) / n : -((-sum + n / 2) / n));
            foreach (int[] copy in copies) copy[i] = mean;
        }
    }

    /// <summary>A part's samples, endlessly, in a fresh order each pass.</summary>
    private sealed class PartStream(int[] part, Pcg32 shuffle)
    {
        private readonly int[] _order = (int[])part.Clone();
        private int _next = part.Length;

        public int Next()
        {
            if (_next == _order.Length)
            {
                LearnBenchmark.Shuffle(_order, shuffle);
                _next = 0;
            }
            return _order[_next++];
        }
    }
}
