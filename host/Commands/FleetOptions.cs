using Edge.Host.Cli;
using Edge.Host.Fleet;
using Edge.Host.Transport;

namespace Edge.Host.Commands;

/// <summary>What the `edge fleet` commands share: the broker argument, --boards, the login, and opening the fleet's status.</summary>
internal static class FleetOptions
{
    public static readonly ArgumentSpec Broker = ArgumentSpec.Required("BROKER", MqttBroker.Forms);

    public static readonly OptionSpec Boards = OptionSpec.Value("boards", "GLOB", "only boards whose id matches, e.g. rack-* or rack-3,rack-7", "*");

    public static MqttBroker ParseBroker(CommandContext context) => MqttBroker.Parse(context.Options.Argument("BROKER")!);

    /// <summary>Connects and reads every board's retained status; a broker that is down or refuses us is one line.</summary>
    public static FleetDirectory OpenDirectory(CommandContext context, MqttBroker broker)
    {
        try { return FleetDirectory.Open(broker, MqttOptions.Login(context.Options)); }
        catch (TransportException e) { throw new CliException(e.Message, inner: e); }
    }

    /// <summary>
    /// The boards a fleet command works on: matching --boards and not retired, online ones to run and offline ones
    /// reported (they count as not finished).
    /// </summary>
    public static (List<BoardStatus> Online, List<BoardStatus> Offline) Select(CommandContext context, FleetDirectory directory)
    {
        var glob = new BoardGlob(context.Options.GetString(Boards.Name));
        var chosen = directory.Boards.Where(b => glob.Matches(b.Id) && !b.Retired).ToList();
        if (chosen.Count == 0) throw new CliException($"no board on {directory.Broker} matches --boards '{glob.Pattern}' (see `edge fleet list {directory.Broker}`)");
        return (chosen.Where(b => b.Online).ToList(), chosen.Where(b => !b.Online).ToList());
    }

    /// <summary>The per-board line fleet commands print on stderr as each board finishes.</summary>
    public static void Report(CommandContext context, string id, string line)
    {
        lock (context.Error) context.Error.WriteLine($"{id}: {line}");
    }

    /// <summary>After the result: the boards that did not finish, named, with the command that finishes them.</summary>
    public static CliException Unfinished(IReadOnlyCollection<string> ids, string rerun) =>
        new($"{ids.Count} board{(ids.Count == 1 ? "" : "s")} did not finish: {string.Join(", ", ids)}; finish them with: {rerun} --boards {string.Join(',', ids)}");
}
