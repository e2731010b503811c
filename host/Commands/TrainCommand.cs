using System.Diagnostics;
using Edge.Core.Learning;
using Edge.Core.Model;
using Edge.Core.Numerics;
using Edge.Core.Storage;
using Edge.Host.Boards;
using Edge.Host.Cli;
using Edge.Host.Data;
using Edge.Host.Device;
using Edge.Host.Learn;
using Edge.Host.Stimuli;
using Edge.Host.Transfer;

namespace Edge.Host.Commands;

/// <summary>
/// `edge train`: the board learns the training split with its own learner. Every epoch the split is shown in a
/// fresh order (Pcg32(seed, 3), as `edge bench learn` shuffles), as stimuli in batched TRAIN frames, at the
/// epoch's learning rates (<see cref="LearningRateSchedule"/>, through SET_RATES, as bench learn); the
/// mini-batch is flushed at the end of each epoch; the model is saved, with its own rates, at the end. An ap model
/// that has learned nothing yet first makes bench learn's held-out choice between ap and readout, on the board.
/// </summary>
public sealed class TrainCommand : Command
{
    /// <summary>Samples per TRAIN_BATCH call (the client splits each into frames); progress is reported between calls.</summary>
    private const int SamplesPerCall = 512;

    public override string Name => "train";
    public override string Summary => "train a board on a data set with its own on-device learning";
    public override string Description =>
        "Streams the training split to the board as stimuli (features in [0, 1] scaled to the board's nominal full " +
        "scale), each with its label, in batched TRAIN frames; the board reads them through its own analog path and " +
        "learns. Ends every epoch's mini-batch, saves the model, then measures test accuracy (unless --no-eval). An " +
        "untrained ap model first makes bench learn's held-out choice: ap and readout learn three quarters of the " +
        "training split on the board and are scored on the rest, and the board learns with readout unless ap scored higher.";

    public override IReadOnlyList<ArgumentSpec> Arguments => [TargetOptions.Target];

    public override IReadOnlyList<OptionSpec> Options =>
    [
        TargetOptions.Data,
        OptionSpec.Value("epochs", "N", "passes over the training split (default: bench learn's, 4 million samples' worth, at most 200)"),
        OptionSpec.Value("lr-schedule", "S", "linear (the rates decay to 10 % by the last epoch, as bench learn) or constant", "linear"),
        OptionSpec.Value("seed", "S", "seed of the sample order (default: the model's learner seed, as bench learn)"),
        OptionSpec.Flag("no-eval", "skip the test-split accuracy at the end"),
        OptionSpec.Flag("no-choice", "an untrained ap model learns with ap, without bench learn's held-out choice between ap and readout"),
        TargetOptions.FlashDir,
        TargetOptions.DataDir,
        TargetOptions.Timeout,
        .. MqttOptions.Specs,
    ];

    public override int Run(CommandContext context)
    {
        var o = context.Options;
        Dataset data = TargetOptions.LoadData(context);
        using BoardSession session = TargetOptions.Open(context);
        DeviceModelInfo model = session.RequireModel();
        TargetOptions.CheckClasses(session, model, data);
        StimulusEncoder encoder = TargetOptions.Encoder(session, data);
        string algoName = model.AlgorithmName;
        int epochs = o.GetInt("epochs", LearnDefaults.Epochs(DataShape.Of(data)));
        if (epochs < 0) throw new UsageException("--epochs must be 0 or more");
        bool schedule = o.GetString("lr-schedule") switch
        {
            "linear" => true,
            "constant" => false,
            string other => throw new UsageException($"unknown --lr-schedule '{other}': use linear or constant"),
        };
        ulong seed = o.IsGiven("seed") ? (ulong)o.GetLong("seed") : model.Config.Learner.Seed;
        int[][] stimuli = encoder.EncodeAll(data.TrainFeatures);

        ModelConfig config = model.Config;   // the learner the run trains with: the model's, or the held-out choice's
        HeldOutChoice.Trials? trials = null;
        if (model.SamplesSeen == 0 && HeldOutChoice.Applies(config.Algorithm, data.TrainCount) && !o.HasFlag("no-choice"))
        {
            int? givenEpochs = o.IsGiven("epochs") ? epochs : null;
            (trials, config) = ChooseOnBoard(session, config, data, encoder, givenEpochs, seed, schedule, context);
        }

        long total = (long)epochs * data.TrainCount;
        var watch = Stopwatch.StartNew();
        using (Progress progress = context.StartProgress($"training {session.Target} on {data.Name}", total))
            TrainRows(session, config, stimuli, data.TrainLabels, epochs, seed, schedule, context,
                (done, epoch) => progress.Report(done, $"epoch {epoch + 1}/{epochs}"));
        long done = total;
        DeviceStats? lastEpoch = null;
        double seconds = watch.Elapsed.TotalSeconds;
        if (epochs > 0) lastEpoch = session.Call(() => session.Client.Stats());
        if (schedule) BatchedBoardCalls.RestoreRates(session, config);
        SaveResult saved = session.Call(session.Client.Save);
        DeviceModelInfo after = session.RequireModel();

        double? testAccuracy = null;
        if (!o.HasFlag("no-eval"))
            testAccuracy = EvalCommand.Accuracy(session, encoder, data.TestFeatures, data.TestLabels, context, "testing").Accuracy;
        session.Note(new Fleet.BoardNote
        {
            TestAccuracy = testAccuracy is { } measured ? Math.Round(measured, 2) : null, Data = data.Name,
            Model = $"{TargetOptions.Arch(model.Config)} {LearnSettings.AlgorithmName(config.Algorithm)}, trained on {data.Name}",
        });

        context.Write(new CommandResult()
            .Add("target", session.Target.ToString())
            .Add("data", data.Name)
            .Add("arch", TargetOptions.Arch(model.Config))
            .Add("algo", algoName)
            .Add("learner", LearnSettings.AlgorithmName(config.Algorithm))
            .Add("heldout_choice", trials == null ? null : new CommandResult()
                .Add("ap_accuracy", Math.Round(trials.ApAccuracy, 2))
                .Add("readout_accuracy", Math.Round(trials.ReadoutAccuracy, 2))
                .Add("seconds", Math.Round(trials.Seconds, 3)))
            .Add("epochs", epochs)
            .Add("seed", seed)
            .Add("samples", done)
            .Add("seconds", Math.Round(seconds + (trials?.Seconds ?? 0), 3))
            .Add("samples_per_second", seconds > 0 ? Math.Round(done / seconds, 1) : null)
            .Add("train_accuracy", lastEpoch is { Counted: > 0 } s ? Math.Round(100.0 * s.Correct / s.Counted, 2) : null)
            .Add("test_accuracy", testAccuracy is { } t ? Math.Round(t, 2) : null)
            .Add("test_samples", testAccuracy is null ? 0 : data.TestCount)
            .Add("samples_seen", after.SamplesSeen)
            .Add("generation", saved.Generation));
        return 0;
    }

    /// <summary>
    /// Trains <paramref name="config"/>'s model on the board: every epoch the rows in a fresh order (Pcg32(seed, 3), the
    /// order carried from epoch to epoch as bench learn's), at the epoch's rates when <paramref name="schedule"/>, the
    /// mini-batch ended with the epoch; the last epoch's running accuracy restarts, to be the train accuracy reported.
    /// </summary>
    private static void TrainRows(BoardSession session, ModelConfig config, int[][] stimuli, int[] labels, int epochs, ulong seed,
                                  bool schedule, CommandContext context, Action<long, int>? progress)
    {
        var order = new int[stimuli.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        var shuffle = new Pcg32(seed, 3);
        var batchStimuli = new int[stimuli.Length][];
        var batchLabels = new int[stimuli.Length];
        long done = 0;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            if (schedule) BatchedBoardCalls.ScheduleRates(session, config, epoch, epochs);
            LearnBenchmark.Shuffle(order, shuffle);
            for (int n = 0; n < order.Length; n++)
            {
                batchStimuli[n] = stimuli[order[n]];
                batchLabels[n] = labels[order[n]];
            }
            if (epoch == epochs - 1) session.Call(() => session.Client.Stats(resetAccuracy: true));
            for (int first = 0; first < order.Length; first += SamplesPerCall)
            {
                int count = Math.Min(SamplesPerCall, order.Length - first);
                bool last = first + count == order.Length;
                var stimuliSlice = new ArraySegment<int[]>(batchStimuli, first, count);
                var labelSlice = new ArraySegment<int>(batchLabels, first, count);
                session.Call(() => session.Client.TrainBatch(stimuliSlice, labelSlice, endBatch: last));
                done += count;
                progress?.Invoke(done, epoch);
            }
        }
    }

    /// <summary>
    /// The held-out choice of `edge bench learn` (<see cref="HeldOutChoice"/>), made on the board: from the model's
    /// starting weights, ap and then readout learn the learn rows of the training split at the rates those rows call for
    /// (the model's own, when it was flashed with rates other than its data's defaults) and are scored on the check rows
    /// through the board's own path; the board is left holding the chosen learner with the starting weights, in RAM
    /// (nothing is saved until the run ends).
    /// </summary>
    private static (HeldOutChoice.Trials, ModelConfig) ChooseOnBoard(BoardSession session, ModelConfig model, Dataset data,
        StimulusEncoder encoder, int? epochs, ulong seed, bool schedule, CommandContext context)
    {
        int exponents = 0;
        short[] start = session.Call(() => session.Client.GetWeights(out exponents));
        Dataset trialData = HeldOutChoice.TrialData(data);   // learn rows as its training split, check rows as its test split
        var fullShape = DataShape.Of(data);
        var trialShape = DataShape.Of(trialData);
        int trialEpochs = HeldOutChoice.TrialEpochs(trialData.TrainCount, epochs ?? LearnDefaults.Epochs(trialShape));
        int defaultRate = LearnerSettings.ToQ16(LearnDefaults.Rate(fullShape, epochs ?? LearnDefaults.Epochs(fullShape)));
        bool defaultRates = model.Learner.HiddenLearningRateQ16 == defaultRate && model.Learner.OutputLearningRateQ16 == defaultRate;
        int trialRate = LearnerSettings.ToQ16(LearnDefaults.Rate(trialShape, trialEpochs));
        int[][] learnStimuli = encoder.EncodeAll(trialData.TrainFeatures);
        var watch = Stopwatch.StartNew();
        double Trial(byte algorithm)
        {
            ModelConfig trial = WithAlgorithm(model, algorithm);
            if (defaultRates) trial.Learner.HiddenLearningRateQ16 = trial.Learner.OutputLearningRateQ16 = trialRate;
            Restart(session, trial, start, exponents);
            string name = LearnSettings.AlgorithmName(algorithm);
            using (Progress progress = context.StartProgress($"held-out trial {name} on {session.Target}", (long)trialEpochs * trialData.TrainCount))
                TrainRows(session, trial, learnStimuli, trialData.TrainLabels, trialEpochs, seed, schedule, context, (done, _) => progress.Report(done));
            return EvalCommand.Accuracy(session, encoder, trialData.TestFeatures, trialData.TestLabels, context, $"scoring the {name} trial on").Accuracy;
        }
        double ap, readout;
        try
        {
            ap = Trial(LearningAlgorithm.ActivityPerturbation);
            readout = Trial(LearningAlgorithm.ReadoutOnly);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C during a trial: the board goes on serving the model it had, not a half-learned trial.
            Restart(session, model, start, exponents);
            throw;
        }
        var trials = new HeldOutChoice.Trials(ap, readout, TrainMacs: 0, watch.Elapsed.TotalSeconds);
        ModelConfig chosen = WithAlgorithm(model, trials.Chosen);
        Restart(session, chosen, start, exponents);
        return (trials, chosen);
    }

    private static ModelConfig WithAlgorithm(ModelConfig model, byte algorithm)
    {
        ModelConfig copy = model.Clone();
        copy.Algorithm = algorithm;
        return copy;
    }

    /// <summary>A fresh model of <paramref name="config"/> in the board's RAM, holding the given weights.</summary>
    private static void Restart(BoardSession session, ModelConfig config, short[] weights, int exponents)
    {
        session.Call(() => session.Client.Configure(config));
        session.Call(() => session.Client.PutWeights(weights, exponents));
    }
}
