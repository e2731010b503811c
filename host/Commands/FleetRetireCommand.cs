using Edge.Host.Cli;
using Edge.Host.Fleet;
using Edge.Host.Targets;

namespace Edge.Host.Commands;

/// <summary>`edge fleet retire OLD --to SPARE`: edge transfer between two boards of a broker, and the old one marked retired.</summary>
public sealed class FleetRetireCommand : Command
{
    public override string Name => "fleet retire";
    public override string Summary => "transfer a fleet board's knowledge to a spare and retire it";
    public override string Description =>
        "OLD is mqtt://HOST[:PORT]/ID; SPARE is another board's id on the same broker (or its full mqtt:// target). " +
        "Runs `edge transfer` between them through the broker, then marks OLD retired in its status; the spare's " +
        "status names the model it now carries. The harvest cache (--cache-dir) makes an interrupted retirement resume.";

    public override IReadOnlyList<ArgumentSpec> Arguments => [ArgumentSpec.Required("OLD", "mqtt://HOST[:PORT]/BOARD-ID")];

    public override IReadOnlyList<OptionSpec> Options =>
    [
        OptionSpec.Value("to", "SPARE", "the spare: a board id on the same broker, or mqtt://HOST[:PORT]/BOARD-ID"),
        .. RetirementOptions.Specs,
        .. MqttOptions.Specs,
    ];

    public override int Run(CommandContext context)
    {
        var o = context.Options;
        if (Target.Parse(o.Argument("OLD")!) is not MqttTarget old) throw new UsageException("OLD must be a board on a broker: mqtt://HOST[:PORT]/BOARD-ID");
        string to = o.GetStringOrNull("to") ?? throw new UsageException("--to SPARE is required");
        string spare = to.StartsWith(MqttTarget.Scheme, StringComparison.OrdinalIgnoreCase) && Target.Parse(to) is MqttTarget t
            ? (t.Broker == old.Broker ? t.BoardId : throw new UsageException("the spare must be on the old board's broker"))
            : BoardId.IsValid(to) ? to : throw new UsageException($"--to '{to}' is neither a board id ({BoardId.Rule}) nor an mqtt:// target");
        if (spare == old.BoardId) throw new UsageException("a board cannot be retired to itself");
        using FleetDirectory directory = FleetOptions.OpenDirectory(context, old.Broker);
        BoardRun run = Retirement.Run(directory, old.BoardId, spare, RetirementOptions.Plan(o), context.Cancellation);
        if (!run.Ok) throw new CliException($"retiring {old.BoardId} to {spare}: {run.Error}");
        BoardStatus? spareStatus = directory.WaitFor(spare, s => s.Model?.Contains(old.BoardId) == true, TimeSpan.FromSeconds(5));
        context.Write(RetirementOptions.Result(old.BoardId, spare, run, spareStatus));
        return 0;
    }
}
