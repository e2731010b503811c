using Edge.Core.Storage;
using Edge.Host.Data;

namespace Edge.Host.Learn;

/// <summary>
/// The default ap run's one model choice, made on data the run holds out of its own training split: ap and the
/// readout-only control each learn three quarters of the split (a <see cref="SeededSplit"/> shuffle, stream
/// <see cref="Stream"/>) with the defaults those rows call for, and are scored on the last quarter; the run then
/// learns the whole split with the one that scored higher, readout on a tie (it is the smaller change to the
/// random features). On small noisy sets, where learning the hidden layer overfits, this keeps ap from ending
/// below its own control; on every large set it picks ap (docs/learning.md). `edge bench learn` and `edge
/// train` make the same choice; the test split is never looked at.
/// </summary>
public static class HeldOutChoice
{
    /// <summary>The share of the training split the trials learn on; the rest scores them.</summary>
    public const double LearnFraction = 0.75;
    /// <summary>Stream of the split's shuffle, apart from the data sets' own split (stream 0).</summary>
    public const ulong Stream = 1;
    /// <summary>
    /// Training samples each trial may spend: a third of a run's budget, so the choice adds at most two thirds of a
    /// run's samples to it. A board wears with every sample (sim-fashion's life of 10 million operations would not
    /// hold fashion14's two full-length trials and its run); only sets of more than about 6,700 rows to learn, where
    /// ap leads readout by far, get shorter trials.
    /// </summary>
    public const long TrialSampleBudget = LearnDefaults.SampleBudget / 3;

    /// <summary>Whether a run of <paramref name="algorithm"/> makes the choice: the default learner, ap, does.</summary>
    public static bool Applies(byte algorithm, int trainSamples) =>
        algorithm == LearningAlgorithm.ActivityPerturbation && trainSamples >= 2;

    /// <summary>
    /// The training rows the trials learn (the first three quarters of a seeded shuffle of 0..count-1) and
    /// those that score them (the rest); each part holds at least one row.
    /// </summary>
    public static (int[] Learn, int[] Check) Rows(int trainSamples)
    {
        int learnCount = Math.Clamp((int)Math.Round(trainSamples * LearnFraction, MidpointRounding.AwayFromZero), 1, trainSamples - 1);
        int[] order = SeededSplit.ShuffledIndices(trainSamples, SeededSplit.Seed, Stream);
        return (order[..learnCount], order[learnCount..]);
    }

    /// <summary>A trial's epochs over <paramref name="learnRows"/> rows: the run's rule for them (<paramref name="epochs"/>), within <see cref="TrialSampleBudget"/>.</summary>
    public static int TrialEpochs(int learnRows, int epochs) => (int)Math.Min(epochs, Math.Max(1, TrialSampleBudget / Math.Max(1, learnRows)));

    /// <summary>The trials' data set: the learn rows as its training split, the check rows as its test split.</summary>
    public static Dataset TrialData(Dataset data)
    {
        var (learn, check) = Rows(data.TrainCount);
        return new Dataset(data.Name + " (held-out choice)", data.FeatureCount, data.ClassCount,
            learn.Select(i => data.TrainFeatures[i]).ToArray(), learn.Select(i => data.TrainLabels[i]).ToArray(),
            check.Select(i => data.TrainFeatures[i]).ToArray(), check.Select(i => data.TrainLabels[i]).ToArray(),
            data.ClassNames);
    }

    /// <summary>What the trials measured: each one's accuracy on the check rows, and what they cost.</summary>
    public sealed record Trials(double ApAccuracy, double ReadoutAccuracy, long TrainMacs, double Seconds)
    {
        public byte Chosen => Choose(ApAccuracy, ReadoutAccuracy);
    }

    /// <summary>
    /// Runs both trials on <paramref name="data"/>'s training split, each learner at the settings
    /// <paramref name="settingsFor"/> gives it for the trials' data and epochs (null: the run's rule for those rows);
    /// the defaults follow the rows they learn and their epochs.
    /// </summary>
    /// <param name="progress">Gets the trial's number (0: ap, 1: readout), its samples done and in all, and a line of text.</param>
    public static Trials Run(Dataset data, Func<byte, Dataset, int?, LearnSettings> settingsFor, Action<int, long, long, string>? progress = null)
    {
        Dataset trialData = TrialData(data);
        int epochs = TrialEpochs(trialData.TrainCount, settingsFor(LearningAlgorithm.ActivityPerturbation, trialData, null).Epochs);
        LearnResult ap = LearnBenchmark.Run(trialData, settingsFor(LearningAlgorithm.ActivityPerturbation, trialData, epochs), Stage(progress, 0, "ap"));
        LearnResult readout = LearnBenchmark.Run(trialData, settingsFor(LearningAlgorithm.ReadoutOnly, trialData, epochs), Stage(progress, 1, "readout"));
        return new Trials(ap.TestAccuracy, readout.TestAccuracy, ap.TrainMacs + readout.TrainMacs, ap.Seconds + readout.Seconds);
    }

    private static Action<long, long, string>? Stage(Action<int, long, long, string>? progress, int trial, string name) =>
        progress == null ? null : (done, total, text) => progress(trial, done, total, $"trial {name}, {text}");

    /// <summary>The learner the whole run uses, from the trials' held-out accuracies: readout unless ap scored higher.</summary>
    public static byte Choose(double apAccuracy, double readoutAccuracy) =>
        apAccuracy > readoutAccuracy ? LearningAlgorithm.ActivityPerturbation : LearningAlgorithm.ReadoutOnly;
}
