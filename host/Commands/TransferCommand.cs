using Edge.Host.Cli;
using Edge.Host.Data;
using Edge.Host.Learn;
using Edge.Host.Transfer;

namespace Edge.Host.Commands;

/// <summary>`edge transfer`: an old board's knowledge moves to its replacement as behaviour, not weights.</summary>
public sealed class TransferCommand : Command
{
    public override string Name => "transfer";
    public override string Summary => "move what an old board learned onto a new board: harvest its answers, distil them";
    public override string Description =>
        "Harvest: the old board answers at most --queries transfer stimuli (by default the training split, unlabeled), " +
        "spread over what its model answers, and with --measure-old the test split; every answer is appended to the " +
        "cache file as it arrives, so a dead board or a dropped line loses nothing and a rerun asks only for what is " +
        "missing (what the cache holds counts against the budget). Then the old weights are put on the new board as " +
        "the naive-copy baseline, and the copy learns the cached soft answers at temperature T with the new board's " +
        "own on-device learning, for as long as its agreement with a held-out tenth of them rises (--epochs is the " +
        "ceiling). Labels are used only to report accuracy. The report counts the frames and bytes both boards " +
        "exchanged and what they take on a 115200-baud line. The cache " +
        "records which board, model and transfer set it answers: a rerun against another is refused (unless --force); " +
        "damaged records are skipped and asked again. FILE.weights beside the cache keeps the old model's weights and " +
        "settings (the naive copy and the new model's recipe): keep both files until the transfer is done. Ctrl+C stops " +
        "at the next board call (exit 130): the cache keeps every answer, the new board's flash its old model.";

    public override IReadOnlyList<OptionSpec> Options =>
    [
        OptionSpec.Value("from", "TARGET", "the old board"),
        OptionSpec.Value("to", "TARGET", "the new board"),
        TargetOptions.Data,
        OptionSpec.Value("transfer-set", "csv:PATH", "stimuli to harvest (default: the data set's training split)"),
        OptionSpec.Value("cache", "FILE", "harvest cache (default: transfer-<from>.harvest in the current folder); the old model's weights and settings are kept beside it in FILE.weights"),
        OptionSpec.Value("temperature", "T", "softmax temperature of the soft targets", "4"),
        OptionSpec.Value("epochs", "N", "the most distillation epochs; it stops sooner when the held-out agreement stops rising " +
            "(default: a twentieth of a learning run's samples over the harvest: 36 on digits)"),
        OptionSpec.Value("seed", "S", "seed of the distillation order", "1"),
        OptionSpec.Value("queries", "N", "ask the old board about at most N transfer stimuli, those the cache holds included " +
            "(default: 1.5 × the old model's weights / (classes − 1): 402 for 64-32-10 on 10 classes)"),
        OptionSpec.Flag("measure-old", "also ask the old board the test split, to report its accuracy and the agreement there (counted as test_queries)"),
        OptionSpec.Value("query-selection", "S", "which stimuli to ask about: proxy-spread (spread over the old model's answers), " +
            "input-spread, proxy-margin or random", "proxy-spread"),
        OptionSpec.Flag("fresh-model", "distil into a fresh model of the old settings instead of the naive copy of the old weights"),
        DistillationOptions.Patience,
        OptionSpec.Value("curve-points", "N", "measure the new board's test accuracy up to N times during distillation (each is a pass over the test split)", "0"),
        OptionSpec.Value("from-flash-dir", "DIR", "flash folder of a sim: old board"),
        OptionSpec.Value("to-flash-dir", "DIR", "flash folder of a sim: new board"),
        OptionSpec.Flag("force", "go on with a cache harvested from another board, model or transfer set (mixes their answers)"),
        TargetOptions.DataDir,
        TargetOptions.Timeout,
        .. MqttOptions.Specs,
    ];

    public override int Run(CommandContext context)
    {
        var o = context.Options;
        string from = o.GetStringOrNull("from") ?? throw new UsageException("--from TARGET is required (the old board)");
        string to = o.GetStringOrNull("to") ?? throw new UsageException("--to TARGET is required (the new board)");
        Dataset data = TargetOptions.LoadData(context);
        float[][] transferSet = TransferSet(o.GetStringOrNull("transfer-set"), data);
        double temperature = o.GetDouble("temperature");
        if (!(temperature >= 0.0625) || temperature > 256) throw new UsageException("--temperature must be in [0.0625, 256]");
        int? epochs = o.IsGiven("epochs") ? o.GetInt("epochs") : null;
        if (epochs < 0) throw new UsageException("--epochs must be 0 or more");
        double timeout = o.GetDouble("timeout");
        string cache = o.GetStringOrNull("cache") ?? DefaultCache(from);
        int? queries = o.IsGiven("queries") ? o.GetInt("queries") : null;
        if (queries is < 1 || queries > transferSet.Length)
            throw new UsageException($"--queries must be 1..{transferSet.Length} (the transfer set's size), not {queries}");
        string selection = o.GetString("query-selection");
        if (!QuerySelection.Names.TryGetValue(selection, out QueryStrategy strategy))
            throw new UsageException($"--query-selection takes {string.Join(", ", QuerySelection.Names.Keys)}, not '{selection}'");
        int curvePoints = o.GetInt("curve-points");
        if (curvePoints < 0) throw new UsageException("--curve-points must be 0 or more");

        var plan = new TransferPlan(from, to, data, transferSet, cache, temperature, epochs, (ulong)o.GetLong("seed"),
            TimeSpan.FromSeconds(timeout), o.GetStringOrNull("from-flash-dir"), o.GetStringOrNull("to-flash-dir"), o.HasFlag("force"), MqttOptions.Login(o),
            queries, o.HasFlag("measure-old"), curvePoints, strategy, o.HasFlag("fresh-model"), DistillationOptions.GetPatience(o));
        TransferReport report;
        using (var stages = new ProgressStages(context))
            report = TransferRun.Run(plan, line => { stages.End(); context.Warn(line); }, null, stages.Report, context.Cancellation);
        context.Write(ToResult(report, plan));
        return 0;
    }

    public static CommandResult ToResult(TransferReport r, TransferPlan plan) => new CommandResult()
        .Add("from", plan.From)
        .Add("to", plan.To)
        .Add("data", plan.Data.Name)
        .Add("old_accuracy", Round(r.OldAccuracy))
        .Add("new_accuracy", Math.Round(r.NewAccuracy, 2))
        .Add("agreement", Round(r.Agreement))
        .Add("naive_copy_accuracy", Round(r.NaiveCopyAccuracy))
        .Add("accuracy_ratio", r.OldAccuracy is > 0 ? Math.Round(r.NewAccuracy / r.OldAccuracy.Value, 4) : null)
        .Add("harvested", r.Harvested)
        .Add("transfer_set", r.TransferSetSize)
        .Add("test_harvested", r.TestHarvested)
        .Add("query_budget", r.QueryBudget)
        .Add("query_selection", QuerySelection.Name(plan.Selection))
        .Add("queries", r.Queries)
        .Add("test_queries", r.TestQueries)
        .Add("harvest_complete", r.HarvestComplete)
        .Add("harvest_stopped", r.HarvestStopped)
        .Add("temperature", plan.Temperature)
        .Add("epochs", r.Distillation.Epochs)
        .Add("epochs_ceiling", r.Distillation.Ceiling)
        .Add("stopped_early", r.Distillation.StoppedEarly)
        .Add("held_out", r.Distillation.HeldOut)
        .Add("held_out_agreement", Round(r.Distillation.HeldOutAgreement))
        .Add("held_out_curve", r.Distillation.HeldOutCurve.Select(a => Math.Round(a, 2)).ToArray())
        .Add("held_out_curve_epochs", r.Distillation.CheckEpochs)
        .Add("from_old_weights", !plan.FreshModel)
        .Add("cache", plan.CachePath)
        .Add("seconds", Math.Round(r.Seconds, 2))
        .Add("frames", r.Wire.Frames)
        .Add("training_frames", r.Distillation.TrainingFrames)
        .Add("bytes_to_boards", r.Wire.BytesToBoards)
        .Add("bytes_from_boards", r.Wire.BytesFromBoards)
        .Add("estimated_seconds_at_115200", Math.Round(r.Wire.EstimatedSeconds, 1))
        .Add("new_accuracy_curve", r.NewAccuracyCurve.Select(a => Math.Round(a, 2)).ToArray())
        .Add("new_accuracy_curve_epochs", r.NewAccuracyCurveEpochs);

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 2) : null;

    private static string DefaultCache(string from)
    {
        var safe = new string(from.Select(c => char.IsLetterOrDigit(c) || c == '-' ? c : '_').ToArray());
        return $"transfer-{safe}.harvest";
    }

    /// <summary>The transfer stimuli: a CSV's rows (all of them, features only), or the data set's training split.</summary>
    private static float[][] TransferSet(string? spec, Dataset data)
    {
        if (spec == null) return data.TrainFeatures;
        if (!spec.StartsWith(DataSources.CsvPrefix, StringComparison.OrdinalIgnoreCase))
            throw new UsageException($"--transfer-set takes csv:PATH, not '{spec}'");
        Dataset set = DataSources.Load(spec);
        if (set.FeatureCount != data.FeatureCount)
            throw new CliException($"the transfer set has {set.FeatureCount} features but {data.Name} has {data.FeatureCount}");
        return set.TrainFeatures.Concat(set.TestFeatures).ToArray();
    }
}
