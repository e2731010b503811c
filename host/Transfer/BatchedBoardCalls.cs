using Edge.Core.Numerics;
using Edge.Core.Storage;
using Edge.Host.Boards;
using Edge.Host.Learn;

namespace Edge.Host.Transfer;

/// <summary>The board conversations that distillation and transfer share: inference and soft-target training in batches.</summary>
public static class BatchedBoardCalls
{
    /// <summary>Stimuli per client call (the client splits each call into frames).</summary>
    public const int SamplesPerCall = 256;

    /// <summary>Logits (Q15.16) of the board for each stimulus; cancellation stops it between two calls.</summary>
    public static int[][] Infer(BoardSession session, int[][] stimuli, CancellationToken cancellation = default)
    {
        var logits = new int[stimuli.Length][];
        for (int first = 0; first < stimuli.Length; first += SamplesPerCall)
        {
            cancellation.ThrowIfCancellationRequested();
            int count = Math.Min(SamplesPerCall, stimuli.Length - first);
            int[][] part = session.Call(() => session.Client.InferBatch(new ArraySegment<int[]>(stimuli, first, count)));
            Array.Copy(part, 0, logits, first, count);
        }
        return logits;
    }

    /// <summary>Percentage of stimuli whose top logit is the label.</summary>
    public static double Accuracy(int[][] logits, int[] labels) =>
        logits.Length == 0 ? 0 : 100.0 * Enumerable.Range(0, logits.Length).Count(i => ArgMax(logits[i]) == labels[i]) / logits.Length;

    /// <summary>Percentage of stimuli on which two models' top classes agree.</summary>
    public static double Agreement(int[][] a, int[][] b) =>
        a.Length == 0 ? 0 : 100.0 * Enumerable.Range(0, a.Length).Count(i => ArgMax(a[i]) == ArgMax(b[i])) / a.Length;

    /// <summary>
    /// One epoch of distillation on the board: every stimulus once, in a fresh order from <paramref name="shuffle"/>,
    /// with its teacher logits (Q15.16) at temperature T, optionally mixed with labels by α; the mini-batch ends with the epoch.
    /// Cancellation stops it between two calls (the board's flash is untouched: nothing here saves).
    /// </summary>
    public static void TrainSoftEpoch(BoardSession session, int[][] stimuli, int[][] teacherLogits, int temperatureQ16,
                                      int[]? labels, int alphaQ16, Pcg32 shuffle, Action<int>? progress = null,
                                      CancellationToken cancellation = default)
    {
        int n = stimuli.Length;
        int[] order = ShuffledOrder(n, shuffle);
        var s = new int[n][];
        var t = new int[n][];
        var y = labels == null ? null : new int[n];
        for (int i = 0; i < n; i++)
        {
            s[i] = stimuli[order[i]];
            t[i] = teacherLogits[order[i]];
            if (y != null) y[i] = labels![order[i]];
        }
        for (int first = 0; first < n; first += SamplesPerCall)
        {
            cancellation.ThrowIfCancellationRequested();
            int count = Math.Min(SamplesPerCall, n - first);
            bool last = first + count == n;
            IReadOnlyList<int>? labelSlice = y == null ? null : (IReadOnlyList<int>)new ArraySegment<int>(y, first, count);
            session.Call(() => session.Client.TrainSoftBatch(new ArraySegment<int[]>(s, first, count), new ArraySegment<int[]>(t, first, count),
                temperatureQ16, probabilities: false, labels: labelSlice, alphaQ16: alphaQ16, endBatch: last));
            progress?.Invoke(first + count);
        }
    }

    /// <summary>
    /// The board's learning rates for <paramref name="epoch"/> of <paramref name="epochs"/> (training or distillation):
    /// the model's own, decaying by <see cref="LearningRateSchedule"/>, so what was learned settles.
    /// </summary>
    public static void ScheduleRates(BoardSession session, ModelConfig config, int epoch, int epochs)
    {
        int hidden = LearningRateSchedule.ScaleQ16(config.Learner.HiddenLearningRateQ16, epoch, epochs);
        int output = LearningRateSchedule.ScaleQ16(config.Learner.OutputLearningRateQ16, epoch, epochs);
        session.Call(() => session.Client.SetRates(hidden, output));
    }

    /// <summary>Puts the model's own learning rates back (saved with the model, they are what later training uses).</summary>
    public static void RestoreRates(BoardSession session, ModelConfig config) =>
        session.Call(() => session.Client.SetRates(config.Learner.HiddenLearningRateQ16, config.Learner.OutputLearningRateQ16));

    /// <summary>One epoch of labelled on-device training, every stimulus once in a fresh order; the mini-batch ends with it.</summary>
    public static void TrainEpoch(BoardSession session, int[][] stimuli, int[] labels, Pcg32 shuffle, CancellationToken cancellation = default)
    {
        int n = stimuli.Length;
        int[] order = ShuffledOrder(n, shuffle);
        int[][] s = order.Select(i => stimuli[i]).ToArray();
        int[] y = order.Select(i => labels[i]).ToArray();
        for (int first = 0; first < n; first += SamplesPerCall)
        {
            cancellation.ThrowIfCancellationRequested();
            int count = Math.Min(SamplesPerCall, n - first);
            bool last = first + count == n;
            session.Call(() => session.Client.TrainBatch(new ArraySegment<int[]>(s, first, count), new ArraySegment<int>(y, first, count), endBatch: last));
        }
    }

    /// <summary>0..n−1 shuffled by Fisher–Yates with Pcg32, as `edge bench learn` and `edge train` shuffle.</summary>
    public static int[] ShuffledOrder(int n, Pcg32 shuffle)
    {
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Learn.LearnBenchmark.Shuffle(order, shuffle);
        return order;
    }

    public static int ArgMax(int[] values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }

    /// <summary>A real number to Q15.16.</summary>
    public static int ToQ16(double value) => (int)Math.Round(value * 65536.0, MidpointRounding.AwayFromZero);
}
