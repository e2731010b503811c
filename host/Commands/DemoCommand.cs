using Edge.Core.Numerics;
using Edge.Core.Storage;
using Edge.Host.Boards;
using Edge.Host.Cli;
using Edge.Host.Data;
using Edge.Host.Files;
using Edge.Host.Learn;
using Edge.Host.Plots;
using Edge.Host.Stimuli;
using Edge.Host.Transfer;

namespace Edge.Host.Commands;

/// <summary>
/// `edge demo`, the main job on simulated boards: board A learns digits on the device, grows old, and before it
/// dies its knowledge moves to board B by distillation, while copying its weights to B is shown to fail.
/// </summary>
public sealed class DemoCommand : Command
{
    private const string BoardA = "sim:sim-digits#1", BoardB = "sim:sim-digits#2";

    public override string Name => "demo";
    public override string Summary => "the main job on simulated boards: learn on board A, age it, transfer to board B";
    public override string Description =>
        "Flashes board A (sim-digits#1) with a 64-32-10 model, trains it on the device on digits, ages it to the edge " +
        "of its end of life, shows that copying its weights to board B (sim-digits#2, other analog hardware) loses " +
        "accuracy, then transfers A's knowledge to B by asking A a few hundred questions (and its test split, to " +
        "measure it) and distilling the answers into B's copy for as long as it gains. Prints the table, the questions " +
        "asked and the frames sent (with what they take on a 115200-baud line), and writes a PNG of the curves. Boards " +
        "live in a fresh folder (--work-dir), so every run is the same.";

    public override IReadOnlyList<OptionSpec> Options =>
    [
        OptionSpec.Value("epochs", "N", "on-device training epochs of A", "60"),
        OptionSpec.Value("distill-epochs", "N", "the most distillation epochs of B (default: edge transfer's)"),
        OptionSpec.Value("temperature", "T", "softmax temperature of the transfer", "4"),
        OptionSpec.Value("plot", "FILE", "where to write the PNG", "edge-demo.png"),
        OptionSpec.Value("work-dir", "DIR", "folder for the boards' flash and the harvest cache, kept afterwards (default: a temporary folder, deleted)"),
    ];

    public override int Run(CommandContext context)
    {
        var o = context.Options;
        int epochs = o.GetInt("epochs");
        int? distillEpochs = o.IsGiven("distill-epochs") ? o.GetInt("distill-epochs") : null;
        if (epochs < 1) throw new UsageException("--epochs must be at least 1");
        if (distillEpochs < 1) throw new UsageException("--distill-epochs must be at least 1");
        OutputFile.Check(o.GetString("plot"));   // a bad path fails now, not after the whole run
        string? given = o.GetStringOrNull("work-dir");
        string work = given ?? Directory.CreateTempSubdirectory("edge-demo-").FullName;
        Directory.CreateDirectory(work);
        try
        {
            return Run(context, work, epochs, distillEpochs);
        }
        finally
        {
            if (given == null) Directory.Delete(work, recursive: true);   // a temporary folder: nothing to keep
        }
    }

    private static int Run(CommandContext context, string work, int epochs, int? distillEpochs)
    {
        var o = context.Options;
        string dirA = Path.Combine(work, "board-A"), dirB = Path.Combine(work, "board-B");
        string cache = Path.Combine(work, "A-to-B.harvest");
        Dataset data = Digits.Load();
        var timeout = TimeSpan.FromSeconds(10);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        // 1. A learns on the device, epoch by epoch
        context.Say($"1. flash {BoardA} with 64-32-10 and train it on the device ({epochs} epochs of {data.TrainCount} digits)");
        var curveA = new double[epochs];
        double agedA;
        long opsLeft;
        int budget;
        using (BoardSession a = BoardSession.Open(BoardA, dirA, timeout))
        {
            LearnSettings settings = LearnDefaults.For(LearningAlgorithm.ActivityPerturbation, DataShape.Of(data), [32]);
            var config = new ModelConfig { Algorithm = LearningAlgorithm.FromName("ap"), InitSeed = 1 };
            config.SetSizes([data.FeatureCount, 32, data.ClassCount]);
            config.Learner.CopyFrom(settings.CoreSettings());
            a.Call(() => a.Client.Configure(config));
            var encoder = new StimulusEncoder(a.Hello.ChannelCount, data.FeatureCount, a.NominalFullScaleMicrovolts);
            a.Client.StimulusStepMicrovolts = encoder.StepMicrovolts;
            int[][] train = encoder.EncodeAll(data.TrainFeatures), test = encoder.EncodeAll(data.TestFeatures);
            var shuffle = new Pcg32(1, 3);
            using (Progress progress = context.StartProgress($"training {BoardA}", epochs))
                for (int e = 0; e < epochs; e++)
                {
                    BatchedBoardCalls.ScheduleRates(a, config, e, epochs);
                    BatchedBoardCalls.TrainEpoch(a, train, data.TrainLabels, shuffle, context.Cancellation);
                    curveA[e] = BatchedBoardCalls.Accuracy(BatchedBoardCalls.Infer(a, test, context.Cancellation), data.TestLabels);
                    progress.Report(e + 1, $"test {curveA[e]:F1} %");
                }
            BatchedBoardCalls.RestoreRates(a, config);
            a.Call(a.Client.Save);

            // 2. A grows old: years of service, until it has just enough life left for the harvest
            var board = a.Connection.SimulatedBoard!;
            budget = DistillationDefaults.Queries((int)config.ParameterCount, config.OutputCount, data.TrainCount);
            long harvest = budget + data.TestCount;
            long toAge = (board.OperationsLeft ?? 0) - harvest - data.TestCount - 16;
            if (toAge > 0) board.CountOperations((int)Math.Min(toAge, int.MaxValue));
            agedA = BatchedBoardCalls.Accuracy(BatchedBoardCalls.Infer(a, test), data.TestLabels);
            opsLeft = board.OperationsLeft ?? -1;
            context.Say($"   trained: {curveA[^1]:F2} % test accuracy; aged to {board.OperationsUsed:N0} operations, {opsLeft:N0} left: {agedA:F2} %");
        }

        // 3 + 4. naive copy and transfer
        context.Say($"2. transfer {BoardA} -> {BoardB}: ask A about {budget} of the {data.TrainCount} digits (and its test split, to measure it), " +
                    "copy its weights to B (the baseline), and let the copy learn A's answers for as long as it gains");
        var plan = new TransferPlan(BoardA, BoardB, data, data.TrainFeatures, cache, o.GetDouble("temperature"), distillEpochs, 1, timeout, dirA, dirB,
            MeasureOld: true);
        TransferReport report;
        using (var stages = new ProgressStages(context))
            report = TransferRun.Run(plan, line => { stages.End(); context.Say("   " + line); }, progress: stages.Report, cancellation: context.Cancellation);
        WireCost wire = report.Wire;
        context.Say($"   asked A {report.Queries} questions (+ {report.TestQueries} to measure it); B learned for {report.Distillation.Epochs} epochs " +
                    $"(at most {report.Distillation.Ceiling}); {wire.Frames:N0} frames, {wire.BytesToBoards + wire.BytesFromBoards:N0} bytes: " +
                    $"{wire.EstimatedSeconds:F0} s on a 115200-baud line");

        // 5. A dies
        string fate;
        try
        {
            using BoardSession a = BoardSession.Open(BoardA, dirA, timeout);
            var encoder = new StimulusEncoder(a.Hello.ChannelCount, data.FeatureCount, a.NominalFullScaleMicrovolts);
            a.Client.StimulusStepMicrovolts = encoder.StepMicrovolts;
            BatchedBoardCalls.Infer(a, encoder.EncodeAll(data.TestFeatures));
            fate = "still answering";
        }
        catch (CliException e)
        {
            fate = e.Message;
        }

        string plot = o.GetString("plot");
        LinePlot.SavePng(plot, "Edge demo: on-device learning, then transfer before retirement", "epoch", "test accuracy (%)",
        [
            new Curve($"A ({BoardA}) learning on the device", Epochs(epochs), curveA),
            new Curve("naive copy of A's weights on B", [0, Math.Max(epochs, report.Distillation.Epochs)], [report.NaiveCopyAccuracy ?? 0, report.NaiveCopyAccuracy ?? 0]),
            new Curve($"B ({BoardB}) learning A's answers: agreement with those held out", report.Distillation.CheckEpochs.Select(e => (double)e).ToArray(),
                report.Distillation.HeldOutCurve),
            new Curve($"B after the transfer: test accuracy", [report.Distillation.Epochs], [report.NewAccuracy]),
        ]);

        var table = new ResultTable(["step", "board", "test accuracy %"]);
        table.AddRow("trained on the device", BoardA, $"{curveA[^1]:F2}");
        table.AddRow($"aged ({opsLeft:N0} operations left)", BoardA, $"{agedA:F2}");
        table.AddRow("naive weight copy", BoardB, $"{report.NaiveCopyAccuracy:F2}");
        table.AddRow($"transfer by distillation (T = {plan.Temperature})", BoardB, $"{report.NewAccuracy:F2}");
        table.AddRow("agreement of B with A", "", $"{report.Agreement:F2}");
        table.AddRow($"questions asked of A (+ test split)", BoardA, $"{report.Queries} (+ {report.TestQueries})");
        table.AddRow($"frames sent (~{wire.EstimatedSeconds:F0} s at 115200 baud)", "", $"{wire.Frames:N0}");
        context.Say("");
        context.Write(new CommandResult()
            .Add("table", table)
            .Add("old_accuracy", Math.Round(curveA[^1], 2))
            .Add("aged_accuracy", Math.Round(agedA, 2))
            .Add("naive_copy_accuracy", report.NaiveCopyAccuracy is { } n ? Math.Round(n, 2) : null)
            .Add("new_accuracy", Math.Round(report.NewAccuracy, 2))
            .Add("agreement", report.Agreement is { } g ? Math.Round(g, 2) : null)
            .Add("harvested", report.Harvested)
            .Add("queries", report.Queries)
            .Add("test_queries", report.TestQueries)
            .Add("distill_epochs", report.Distillation.Epochs)
            .Add("frames", wire.Frames)
            .Add("bytes_to_boards", wire.BytesToBoards)
            .Add("bytes_from_boards", wire.BytesFromBoards)
            .Add("estimated_seconds_at_115200", Math.Round(wire.EstimatedSeconds, 1))
            .Add("board_a_after", fate)
            .Add("plot", Path.GetFullPath(plot))
            .Add("work_dir", o.GetStringOrNull("work-dir"))
            .Add("seconds", Math.Round(watch.Elapsed.TotalSeconds, 1)));
        return 0;
    }

    private static double[] Epochs(int count) => Enumerable.Range(1, count).Select(e => (double)e).ToArray();
}
