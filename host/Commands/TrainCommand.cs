using System.Diagnostics;
using Edge.Core.Numerics;
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
/// mini-batch is flushed at the end of each epoch; the model is saved, with its own rates, at the end.
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
        "learns. Ends every epoch's mini-batch, saves the model, then measures test accuracy (unless --no-eval).";

    public override IReadOnlyList<ArgumentSpec> Arguments => [TargetOptions.Target];

    public override IReadOnlyList<OptionSpec> Options =>
    [
        TargetOptions.Data,
        OptionSpec.Value("epochs", "N", "passes over the training split (default: bench learn's, 4 million samples' worth, at most 200)"),
        OptionSpec.Value("lr-schedule", "S", "linear (the rates decay to 10 % by the last epoch, as bench learn) or constant", "linear"),
        OptionSpec.Value("seed", "S", "seed of the sample order (default: the model's learner seed, as bench learn)"),
        OptionSpec.Flag("no-eval", "skip the test-split accuracy at the end"),
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
        var order = new int[data.TrainCount];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        var shuffle = new Pcg32(seed, 3);
        var batchStimuli = new int[data.TrainCount][];
        var batchLabels = new int[data.TrainCount];
        long total = (long)epochs * data.TrainCount, done = 0;
        DeviceStats? lastEpoch = null;

        var watch = Stopwatch.StartNew();
        using (Progress progress = context.StartProgress($"training {session.Target} on {data.Name}", total))
        {
            for (int epoch = 0; epoch < epochs; epoch++)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                if (schedule) BatchedBoardCalls.ScheduleRates(session, model.Config, epoch, epochs);
                LearnBenchmark.Shuffle(order, shuffle);
                for (int n = 0; n < order.Length; n++)
                {
                    batchStimuli[n] = stimuli[order[n]];
                    batchLabels[n] = data.TrainLabels[order[n]];
                }
                // The running accuracy of the last epoch is the train accuracy reported.
                if (epoch == epochs - 1) session.Call(() => session.Client.Stats(resetAccuracy: true));
                for (int first = 0; first < order.Length; first += SamplesPerCall)
                {
                    int count = Math.Min(SamplesPerCall, order.Length - first);
                    bool last = first + count == order.Length;
                    var stimuliSlice = new ArraySegment<int[]>(batchStimuli, first, count);
                    var labelSlice = new ArraySegment<int>(batchLabels, first, count);
                    session.Call(() => session.Client.TrainBatch(stimuliSlice, labelSlice, endBatch: last));
                    done += count;
                    progress.Report(done, $"epoch {epoch + 1}/{epochs}");
                }
            }
        }
        double seconds = watch.Elapsed.TotalSeconds;
        if (epochs > 0) lastEpoch = session.Call(() => session.Client.Stats());
        if (schedule) BatchedBoardCalls.RestoreRates(session, model.Config);
        SaveResult saved = session.Call(session.Client.Save);
        DeviceModelInfo after = session.RequireModel();

        double? testAccuracy = null;
        if (!o.HasFlag("no-eval"))
            testAccuracy = EvalCommand.Accuracy(session, encoder, data.TestFeatures, data.TestLabels, context, "testing").Accuracy;
        session.Note(new Fleet.BoardNote
        {
            TestAccuracy = testAccuracy is { } measured ? Math.Round(measured, 2) : null, Data = data.Name,
            Model = $"{TargetOptions.Arch(model.Config)} {algoName}, trained on {data.Name}",
        });

        context.Write(new CommandResult()
            .Add("target", session.Target.ToString())
            .Add("data", data.Name)
            .Add("arch", TargetOptions.Arch(model.Config))
            .Add("algo", algoName)
            .Add("epochs", epochs)
            .Add("seed", seed)
            .Add("samples", done)
            .Add("seconds", Math.Round(seconds, 3))
            .Add("samples_per_second", seconds > 0 ? Math.Round(done / seconds, 1) : null)
            .Add("train_accuracy", lastEpoch is { Counted: > 0 } s ? Math.Round(100.0 * s.Correct / s.Counted, 2) : null)
            .Add("test_accuracy", testAccuracy is { } t ? Math.Round(t, 2) : null)
            .Add("test_samples", testAccuracy is null ? 0 : data.TestCount)
            .Add("samples_seen", after.SamplesSeen)
            .Add("generation", saved.Generation));
        return 0;
    }
}
