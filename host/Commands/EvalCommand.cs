using System.Diagnostics;
using Edge.Host.Boards;
using Edge.Host.Cli;
using Edge.Host.Data;
using Edge.Host.Device;
using Edge.Host.Stimuli;

namespace Edge.Host.Commands;

/// <summary>`edge eval`: the board's accuracy on a data split, by batched INFER over its stimuli.</summary>
public sealed class EvalCommand : Command
{
    private const int SamplesPerCall = 512;

    public override string Name => "eval";
    public override string Summary => "measure the accuracy of a board or a model on a data set";
    public override string Description =>
        "Shows every sample of the split to the board as a stimulus (batched INFER) and compares the largest " +
        "logit with the label. The board reads each stimulus through its own analog path; nothing is learned.";

    public override IReadOnlyList<ArgumentSpec> Arguments => [TargetOptions.Target];

    public override IReadOnlyList<OptionSpec> Options =>
    [
        TargetOptions.Data,
        OptionSpec.Value("split", "S", "test or train", "test"),
        TargetOptions.FlashDir,
        TargetOptions.DataDir,
        TargetOptions.Timeout,
        .. MqttOptions.Specs,
    ];

    public override int Run(CommandContext context)
    {
        string split = context.Options.GetString("split");
        if (split is not ("test" or "train")) throw new UsageException($"unknown --split '{split}': use test or train");
        Dataset data = TargetOptions.LoadData(context);
        using BoardSession session = TargetOptions.Open(context);
        DeviceModelInfo model = session.RequireModel();
        TargetOptions.CheckClasses(session, model, data);
        StimulusEncoder encoder = TargetOptions.Encoder(session, data);
        bool test = split == "test";
        var watch = Stopwatch.StartNew();
        var (accuracy, correct) = Accuracy(session, encoder, test ? data.TestFeatures : data.TrainFeatures,
            test ? data.TestLabels : data.TrainLabels, context, "evaluating");
        double seconds = watch.Elapsed.TotalSeconds;
        if (test) session.Note(new Fleet.BoardNote { TestAccuracy = Math.Round(accuracy, 2), Data = data.Name });
        int samples = test ? data.TestCount : data.TrainCount;
        context.Write(new CommandResult()
            .Add("target", session.Target.ToString())
            .Add("data", data.Name)
            .Add("split", split)
            .Add("arch", TargetOptions.Arch(model.Config))
            .Add(test ? "test_accuracy" : "train_accuracy", Math.Round(accuracy, 2))
            .Add("correct", correct)
            .Add("samples", samples)
            .Add("seconds", Math.Round(seconds, 3))
            .Add("samples_per_second", seconds > 0 ? Math.Round(samples / seconds, 1) : null)
            .Add("samples_seen", model.SamplesSeen));
        return 0;
    }

    /// <summary>Percentage of rows whose largest logit (the first on ties) is their label, and the count right.</summary>
    internal static (double Accuracy, int Correct) Accuracy(BoardSession session, StimulusEncoder encoder, float[][] rows, int[] labels,
                                                            CommandContext context, string label)
    {
        int[][] stimuli = encoder.EncodeAll(rows);
        int correct = 0;
        using Progress progress = context.StartProgress($"{label} {session.Target}", rows.Length);
        for (int first = 0; first < rows.Length; first += SamplesPerCall)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            int count = Math.Min(SamplesPerCall, rows.Length - first);
            var slice = new ArraySegment<int[]>(stimuli, first, count);
            int[][] logits = session.Call(() => session.Client.InferBatch(slice));
            for (int i = 0; i < count; i++)
                if (Transfer.BatchedBoardCalls.ArgMax(logits[i]) == labels[first + i]) correct++;
            progress.Report(first + count);
        }
        return (rows.Length == 0 ? 0 : 100.0 * correct / rows.Length, correct);
    }
}
