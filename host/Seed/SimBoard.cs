using Edge.Core.Numerics;
using Edge.Core.Storage;
using Edge.Host.Boards;
using Edge.Host.Data;
using Edge.Host.Learn;
using Edge.Host.Stimuli;
using Edge.Host.Transfer;

namespace Edge.Host.Seed;

/// <summary>
/// A simulated board of an experiment (<c>sim:PROFILE#SERIAL</c>), its flash in the run's scratch folder, spoken to
/// through the real protocol in this process, as `edge flash`, `edge train` and `edge eval` speak to it.
/// </summary>
public sealed class SimBoard : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly StimulusEncoder _encoder;

    private SimBoard(BoardSession session, Dataset data)
    {
        Session = session;
        _encoder = new StimulusEncoder(session.Hello.ChannelCount, data.FeatureCount, session.NominalFullScaleMicrovolts);
        session.Client.StimulusStepMicrovolts = _encoder.StepMicrovolts;
    }

    public BoardSession Session { get; }

    /// <summary>The model this experiment put on the board last (<see cref="Flash"/>).</summary>
    public ModelConfig Config { get; private set; } = new();

    public static string Target(string profile, uint serial) => $"sim:{profile}#{serial}";

    /// <summary>Where board <paramref name="serial"/> of <paramref name="profile"/> keeps its flash during the run.</summary>
    public static string FlashDirectory(SeedRun run, string profile, uint serial) => Path.Combine(run.WorkDirectory, $"{profile}-{serial}");

    /// <summary>Opens the board for stimuli of <paramref name="data"/>; one session per board at a time (its flash is locked).</summary>
    public static SimBoard Open(SeedRun run, string profile, uint serial, Dataset data) =>
        new(BoardSession.Open(Target(profile, serial), FlashDirectory(run, profile, serial), Timeout), data);

    /// <summary>
    /// The model `edge flash --arch SIZES --seed SEED` would put on the board (activity perturbation with the one set of
    /// defaults), its rates those of a run of <paramref name="epochs"/> passes over <paramref name="shape"/>'s training split.
    /// </summary>
    public static ModelConfig DefaultModel(int[] sizes, DataShape shape, int epochs, ulong seed = 1)
    {
        double rate = LearnDefaults.Rate(shape, epochs);
        LearnSettings settings = LearnDefaults.For(LearningAlgorithm.ActivityPerturbation, shape, sizes[1..^1])
            .WithRates(rate, rate) with { Seed = seed };
        var config = new ModelConfig { Algorithm = LearningAlgorithm.FromName("ap"), InitSeed = seed };
        config.SetSizes(sizes);
        config.Learner.CopyFrom(settings.CoreSettings());
        return config;
    }

    /// <summary>A fresh model (CONFIGURE): its initial weights from its seed.</summary>
    public void Flash(ModelConfig config)
    {
        Session.Call(() => Session.Client.Configure(config));
        Config = config;
    }

    public int[][] Encode(float[][] features) => _encoder.EncodeAll(features);

    public int[][] Infer(int[][] stimuli) => BatchedBoardCalls.Infer(Session, stimuli);

    public double Accuracy(int[][] stimuli, int[] labels) => BatchedBoardCalls.Accuracy(Infer(stimuli), labels);

    public void PutWeights(short[] weights, int exponents) => Session.Call(() => Session.Client.PutWeights(weights, exponents));

    /// <summary>
    /// Learns the labelled stimuli for <paramref name="epochs"/> passes, each in a fresh order, the rates decaying as in
    /// `edge train` (<see cref="LearningRateSchedule"/>); the model's own rates are put back at the end.
    /// </summary>
    public void Train(int[][] stimuli, int[] labels, int epochs, ulong seed = 1)
    {
        var shuffle = new Pcg32(seed, 3);
        for (int e = 0; e < epochs; e++) TrainAt(stimuli, labels, 1, shuffle, e, epochs);
        RestoreRates();
    }

    /// <summary>
    /// Learns teacher logits (Q15.16) at temperature T for <paramref name="epochs"/> passes, as `edge distill` does;
    /// with <paramref name="labels"/> (−1: none) each known label is mixed in by α.
    /// </summary>
    public void Distil(int[][] stimuli, int[][] teacherLogits, double temperature, int epochs, int[]? labels = null, double alpha = 0, ulong seed = 1)
    {
        var shuffle = new Pcg32(seed, 3);
        for (int e = 0; e < epochs; e++) DistilAt(stimuli, teacherLogits, temperature, labels, alpha, 1, shuffle, e, epochs);
        RestoreRates();
    }

    /// <summary><paramref name="passes"/> labelled passes at the rates of epoch <paramref name="at"/> of a schedule of <paramref name="of"/>.</summary>
    public void TrainAt(int[][] stimuli, int[] labels, int passes, Pcg32 shuffle, int at, int of)
    {
        BatchedBoardCalls.ScheduleRates(Session, Config, at, of);
        for (int p = 0; p < passes; p++) BatchedBoardCalls.TrainEpoch(Session, stimuli, labels, shuffle);
    }

    /// <summary><paramref name="passes"/> soft-target passes at the rates of epoch <paramref name="at"/> of a schedule of <paramref name="of"/>.</summary>
    public void DistilAt(int[][] stimuli, int[][] teacherLogits, double temperature, int[]? labels, double alpha, int passes, Pcg32 shuffle, int at, int of)
    {
        BatchedBoardCalls.ScheduleRates(Session, Config, at, of);
        for (int p = 0; p < passes; p++)
            BatchedBoardCalls.TrainSoftEpoch(Session, stimuli, teacherLogits, BatchedBoardCalls.ToQ16(temperature), labels, BatchedBoardCalls.ToQ16(alpha), shuffle);
    }

    /// <summary>The model's own rates back (what it is saved with and later training starts from).</summary>
    public void RestoreRates() => BatchedBoardCalls.RestoreRates(Session, Config);

    public void Dispose() => Session.Dispose();
}
