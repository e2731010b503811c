using Edge.Host.Cli;
using Edge.Host.Fleet;

namespace Edge.Host.Commands;

/// <summary>`edge fleet list`: every board on the broker, from the retained status messages.</summary>
public sealed class FleetListCommand : Command
{
    public override string Name => "fleet list";
    public override string Summary => "every board on an MQTT broker: online, model, wear, accuracy";
    public override string Description =>
        "Reads the retained status each board keeps on edge/ID/status (a board's Last Will turns it offline) and " +
        "prints one row per board. With --json: boards, a list of objects.";

    public override IReadOnlyList<ArgumentSpec> Arguments => [FleetOptions.Broker];

    public override IReadOnlyList<OptionSpec> Options => [FleetOptions.Boards, .. MqttOptions.Specs];

    public override int Run(CommandContext context)
    {
        MqttBroker broker = FleetOptions.ParseBroker(context);
        using FleetDirectory directory = FleetOptions.OpenDirectory(context, broker);
        var glob = new BoardGlob(context.Options.GetString(FleetOptions.Boards.Name));
        var table = new ResultTable("id", "online", "alive", "profile", "serial", "arch", "generation", "model", "ops_used", "ops_left", "wear",
                                    "test_accuracy", "data", "retired", "retired_to", "updated");
        foreach (BoardStatus b in directory.Boards.Where(b => glob.Matches(b.Id)))
            table.AddRow(b.Id, b.Online, b.Alive, b.Profile, b.Serial, b.Arch, b.Generation, b.Model, b.OpsUsed, b.OpsLeft,
                b.Wear is double w ? Math.Round(w, 4) : null, b.TestAccuracy, b.Data, b.Retired, b.RetiredTo,
                b.Updated?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ"));
        if (directory.Malformed > 0) context.Warn($"{directory.Malformed} status message(s) on {broker} were not a board's status: skipped");
        context.Write(new CommandResult()
            .Add("broker", broker.ToString())
            .Add("online", table.Rows.Count(r => r[1] is true))
            .Add("boards", table));
        return 0;
    }
}
