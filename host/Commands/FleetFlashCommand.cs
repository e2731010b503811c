using Edge.Host.Cli;
using Edge.Host.Fleet;
using Edge.Host.Targets;

namespace Edge.Host.Commands;

/// <summary>`edge fleet flash`: `edge flash` on many boards of the broker at once.</summary>
public sealed class FleetFlashCommand : Command
{
    public override string Name => "fleet flash";
    public override string Summary => "put a model on many boards of an MQTT broker in parallel";
    public override string Description =>
        "Runs `edge flash mqtt://HOST:PORT/ID [--arch A] ...` for every online board that matches --boards (retired " +
        "ones are left alone), all at once; one line per board as it finishes. A board that fails is reported and " +
        "the rest go on; then the command fails naming the boards left to do.";

    public override IReadOnlyList<ArgumentSpec> Arguments => [FleetOptions.Broker];

    public override IReadOnlyList<OptionSpec> Options =>
    [
        OptionSpec.Value("arch", "I-H-...-O", "layer sizes, input first (e.g. 64-32-10; default: edge flash's, bench learn's for --data)"),
        OptionSpec.Value("algo", "A", "ap, ap-local, wp or readout", "ap"),
        OptionSpec.Value("seed", "S", "seed of the initial weights and of the learner's perturbations", "1"),
        OptionSpec.Value("data", "D", "data set whose learner defaults to use (digits or fashion14)", "digits"),
        FleetOptions.Boards,
        TargetOptions.Timeout,
        .. MqttOptions.Specs,
    ];

    public override int Run(CommandContext context)
    {
        var o = context.Options;
        MqttBroker broker = FleetOptions.ParseBroker(context);
        string? arch = o.GetStringOrNull("arch");
        if (arch != null) FlashCommand.ParseArch(arch);
        List<string> common = [.. arch == null ? [] : new[] { "--arch", arch }, "--algo", o.GetString("algo"), "--seed", o.GetString("seed"),
                               "--data", o.GetString("data"), "--timeout", o.GetString("timeout"), .. MqttOptions.Forward(o)];
        List<BoardStatus> online, offline;
        using (FleetDirectory directory = FleetOptions.OpenDirectory(context, broker))
            (online, offline) = FleetOptions.Select(context, directory);
        foreach (BoardStatus b in offline) FleetOptions.Report(context, b.Id, "offline: not flashed");

        IReadOnlyList<BoardRun> runs = FleetRunner.RunEach(online.Select(b => b.Id).ToList(),
            id => ["flash", new MqttTarget(broker, id).ToString(), .. common], context.Cancellation,
            run => FleetOptions.Report(context, run.Id, run.Ok ? $"flashed {run.Text("arch")}, generation {run.Number("generation")}" : "failed: " + run.Error));
        var boards = new ResultTable("id", "arch", "generation", "error");
        foreach (BoardRun run in runs) boards.AddRow(run.Id, run.Text("arch"), run.Number("generation"), run.Error);
        // the arch every board was given: --arch, or edge flash's default for --data (the same on every board)
        string? flashed = arch ?? runs.Select(r => r.Text("arch")).FirstOrDefault(a => a != null);
        context.Write(new CommandResult().Add("broker", broker.ToString()).Add("arch", flashed).Add("boards", boards));
        var unfinished = runs.Where(r => !r.Ok).Select(r => r.Id).Concat(offline.Select(b => b.Id)).ToList();
        if (unfinished.Count > 0) throw FleetOptions.Unfinished(unfinished, $"edge fleet flash {broker}" + (arch == null ? "" : $" --arch {arch}"));
        return 0;
    }
}
