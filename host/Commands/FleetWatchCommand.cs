using Edge.Host.Cli;
using Edge.Host.Fleet;

namespace Edge.Host.Commands;

/// <summary>
/// `edge fleet watch`: the warden. It follows every board's status and, when a board's operations left fall under
/// --min-ops-left (or under 1 % of its profile's end of life), moves its knowledge to the next free spare
/// (<see cref="Retirement"/>) while the old board still answers. Runs until Ctrl+C (or --max-retirements); a
/// broker that goes away is waited for, and a retirement it cut short is retried, resuming its harvest.
/// </summary>
public sealed class FleetWatchCommand : Command
{
    /// <summary>The share of a profile's end of life under which a board is retired whatever --min-ops-left says.</summary>
    public const double EndOfLifeMargin = 0.01;

    public override string Name => "fleet watch";
    public override string Summary => "retire boards to spares before their end of life, as long as it runs";
    public override string Description =>
        "Watches the status of every board matching --boards. A board whose operations left fall under " +
        "--min-ops-left (or under 1 % of its profile's end of life) is retired to the first free board of --spares " +
        "(one no retired board names as its successor): `edge fleet retire` through the broker. A spare that received " +
        "a model is watched like any board. Prints one line per event on stderr; --json prints the retirements at the end.";

    public override IReadOnlyList<ArgumentSpec> Arguments => [FleetOptions.Broker];

    public override IReadOnlyList<OptionSpec> Options =>
    [
        OptionSpec.Value("spares", "ID,ID", "the spare boards, in the order to use them"),
        OptionSpec.Value("min-ops-left", "N", "retire a board when fewer operations than this are left", "100000"),
        OptionSpec.Value("poll", "SECONDS", "how often the statuses are looked at", "1"),
        OptionSpec.Value("max-retirements", "N", "stop after this many retirements (default: run until Ctrl+C)"),
        FleetOptions.Boards,
        .. RetirementOptions.Specs,
        .. MqttOptions.Specs,
    ];

    public override int Run(CommandContext context)
    {
        var o = context.Options;
        MqttBroker broker = FleetOptions.ParseBroker(context);
        string[] spares = (o.GetStringOrNull("spares") ?? throw new UsageException("--spares ID,ID is required"))
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (spares.Length == 0 || spares.Any(s => !BoardId.IsValid(s))) throw new UsageException($"--spares takes board ids ({BoardId.Rule}) separated by commas");
        long minOpsLeft = o.GetLong("min-ops-left");
        if (minOpsLeft < 0) throw new UsageException("--min-ops-left must be 0 or more");
        double poll = o.GetDouble("poll");
        if (!(poll >= 0.05) || poll > 3600) throw new UsageException("--poll must be in [0.05, 3600] seconds");
        int? maxRetirements = o.IsGiven("max-retirements") ? o.GetInt("max-retirements") : null;
        var glob = new BoardGlob(o.GetString(FleetOptions.Boards.Name));
        RetirementPlan plan = RetirementOptions.Plan(o);
        TargetOptions.LoadData(context);

        using FleetDirectory directory = FleetOptions.OpenDirectory(context, broker);
        Say(context, $"watching {broker}: boards '{glob.Pattern}', spares {string.Join(',', spares)}, retiring under {minOpsLeft} operations left");
        var retirements = new List<CommandResult>();
        var warned = new HashSet<string>();
        bool lost = false;
        while (!context.Cancellation.IsCancellationRequested && (maxRetirements == null || retirements.Count < maxRetirements))
        {
            if (!directory.IsConnected)
            {
                if (!lost) Say(context, $"lost the broker {broker}; waiting for it");
                lost = true;
                if (!directory.TryReconnect()) { context.Cancellation.WaitHandle.WaitOne(TimeSpan.FromSeconds(1)); continue; }
                Say(context, $"back on {broker}");
                lost = false;
            }
            IReadOnlyList<BoardStatus> boards = directory.Boards;
            BoardStatus? due = boards.FirstOrDefault(b => glob.Matches(b.Id) && !IsFreeSpare(b.Id, spares, boards) && NearsEndOfLife(b, minOpsLeft));
            if (due != null)
            {
                BoardStatus? spare = spares.Select(id => boards.FirstOrDefault(b => b.Id == id))
                    .FirstOrDefault(s => s is { Online: true, Alive: true, Retired: false } && IsFreeSpare(s.Id, spares, boards));
                if (spare == null)
                {
                    if (warned.Add(due.Id)) Say(context, $"{due.Id} has {due.OpsLeft} operations left but no spare is free and online");
                }
                else
                {
                    Say(context, $"{due.Id} has {due.OpsLeft} operations left: moving its knowledge to {spare.Id}");
                    BoardRun run = Retirement.Run(directory, due.Id, spare.Id, plan, context.Cancellation);
                    if (run.Ok)
                    {
                        BoardStatus? carried = directory.WaitFor(spare.Id, s => s.Model?.Contains(due.Id) == true, TimeSpan.FromSeconds(5));
                        directory.WaitFor(due.Id, s => s.Retired, TimeSpan.FromSeconds(5));
                        CommandResult result = RetirementOptions.Result(due.Id, spare.Id, run, carried);
                        retirements.Add(result);
                        Say(context, $"retired {due.Id} to {spare.Id}: {result["old_accuracy"]} % -> {result["new_accuracy"]} % (ratio {result["accuracy_ratio"]}); {spare.Id} carries: {carried?.Model ?? "?"}");
                    }
                    else if (!context.Cancellation.IsCancellationRequested)
                        Say(context, $"retiring {due.Id} to {spare.Id} failed: {run.Error}; will try again");
                    if (run.Ok) continue;
                }
            }
            context.Cancellation.WaitHandle.WaitOne(TimeSpan.FromSeconds(poll));
        }
        context.Write(new CommandResult().Add("broker", broker.ToString()).Add("retirements", retirements));
        return 0;
    }

    /// <summary>A spare no retired board names as its successor.</summary>
    private static bool IsFreeSpare(string id, string[] spares, IReadOnlyList<BoardStatus> boards) =>
        spares.Contains(id) && !boards.Any(b => b.RetiredTo == id);

    private static bool NearsEndOfLife(BoardStatus b, long minOpsLeft) =>
        b is { Online: true, Alive: true, Retired: false, Arch: not null, OpsLeft: long left }
        && (left < minOpsLeft || (b.EndOfLifeOps is long end && left < end * EndOfLifeMargin));

    private static void Say(CommandContext context, string line)
    {
        lock (context.Error) context.Error.WriteLine($"{DateTime.Now:HH:mm:ss} {line}");
    }
}
