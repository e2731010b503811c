using Edge.Host.Cli;
using Edge.Host.Fleet;
using Edge.Host.Targets;

namespace Edge.Host.Commands;

/// <summary>`edge fleet train`: `edge train` on many boards of the broker at once.</summary>
public sealed class FleetTrainCommand : Command
{
    public override string Name => "fleet train";
    public override string Summary => "train many boards of an MQTT broker in parallel, each with its own on-device learning";
    public override string Description =>
        "Runs `edge train mqtt://HOST:PORT/ID --data D` for every online board that matches --boards (retired ones " +
        "are left alone), all at once; one line per board as it finishes. Each board saves its model at the end of " +
        "its training, so a board that drops out (or a broker that restarts) loses no saved model: the boards that " +
        "did not finish are named, with the command that finishes them. --json: boards (id, test_accuracy, ...) and " +
        "samples_per_second summed over the boards.";

    public override IReadOnlyList<ArgumentSpec> Arguments => [FleetOptions.Broker];

    public override IReadOnlyList<OptionSpec> Options =>
    [
        TargetOptions.Data,
        OptionSpec.Value("epochs", "N", "passes over the training split (default: edge train's)"),
        FleetOptions.Boards,
        TargetOptions.DataDir,
        TargetOptions.Timeout,
        .. MqttOptions.Specs,
    ];

    public override int Run(CommandContext context)
    {
        var o = context.Options;
        MqttBroker broker = FleetOptions.ParseBroker(context);
        TargetOptions.LoadData(context);   // a bad --data is one error, not one per board
        List<string> common = ["--data", o.GetString("data"), "--timeout", o.GetString("timeout"), .. MqttOptions.Forward(o)];
        if (o.GetStringOrNull("epochs") is { } epochs) common.AddRange(["--epochs", epochs]);
        if (o.GetStringOrNull("data-dir") is { } dataDir) common.AddRange(["--data-dir", dataDir]);
        List<BoardStatus> online, offline;
        using (FleetDirectory directory = FleetOptions.OpenDirectory(context, broker))
            (online, offline) = FleetOptions.Select(context, directory);
        foreach (BoardStatus b in offline) FleetOptions.Report(context, b.Id, "offline: not trained");

        var watch = System.Diagnostics.Stopwatch.StartNew();
        IReadOnlyList<BoardRun> runs = FleetRunner.RunEach(online.Select(b => b.Id).ToList(),
            id => ["train", new MqttTarget(broker, id).ToString(), .. common], context.Cancellation,
            run => FleetOptions.Report(context, run.Id, run.Ok
                ? $"{run.Number("test_accuracy"):F2} % test accuracy, {run.Number("samples_per_second"):F0} samples/s, {run.Elapsed.TotalSeconds:F1} s"
                : "failed: " + run.Error));
        double seconds = watch.Elapsed.TotalSeconds;
        var boards = new ResultTable("id", "test_accuracy", "train_accuracy", "samples", "seconds", "samples_per_second", "generation", "error");
        foreach (BoardRun run in runs)
            boards.AddRow(run.Id, run.Number("test_accuracy"), run.Number("train_accuracy"), run.Number("samples"), run.Number("seconds"),
                run.Number("samples_per_second"), run.Number("generation"), run.Error);
        var done = runs.Where(r => r.Ok).ToList();
        context.Write(new CommandResult()
            .Add("broker", broker.ToString())
            .Add("data", o.GetString("data"))
            .Add("boards", boards)
            .Add("trained", done.Count)
            .Add("min_test_accuracy", done.Count == 0 ? null : done.Min(r => r.Number("test_accuracy")))
            .Add("samples_per_second", Math.Round(done.Sum(r => r.Number("samples_per_second") ?? 0), 1))
            .Add("samples", done.Sum(r => r.Number("samples") ?? 0))
            .Add("seconds", Math.Round(seconds, 2)));
        var unfinished = runs.Where(r => !r.Ok).Select(r => r.Id).Concat(offline.Select(b => b.Id)).ToList();
        if (unfinished.Count > 0) throw FleetOptions.Unfinished(unfinished, $"edge fleet train {broker} --data {o.GetString("data")}");
        return 0;
    }
}
