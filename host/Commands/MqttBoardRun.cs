using Edge.Boards.Linux;
using Edge.Boards.Profiles;
using Edge.Boards.Simulated;
using Edge.Host.Cli;
using Edge.Host.Fleet;
using Edge.Host.Targets;

namespace Edge.Host.Commands;

/// <summary>
/// `edge board run ... --mqtt mqtt://HOST:PORT --id ID`: boards served through a broker (docs/fleet.md). A simulated
/// board (or, with --count N, N of them with serials n..n+N−1 and ids ID-&lt;serial&gt;, each its own MQTT client), a
/// Linux ADC board, or with --bridge TARGET any board on a line, joined to the broker by this gateway process.
/// </summary>
internal static class MqttBoardRun
{
    public static IReadOnlyList<OptionSpec> Options { get; } =
    [
        OptionSpec.Value("mqtt", "mqtt://HOST[:PORT]", "serve through this MQTT broker instead of TCP"),
        OptionSpec.Value("id", "ID", "with --mqtt: the board's id on the broker (" + BoardId.Rule + ")"),
        OptionSpec.Value("count", "N", "with --mqtt: serve N simulated boards, serials --serial.., ids ID-<serial> (--flash-dir holds one folder each)"),
        OptionSpec.Value("bridge", "TARGET", "with --mqtt: bridge this board (serial:, tcp: or sim:) to the broker instead of running one"),
        OptionSpec.Value("keepalive", "SECONDS", "with --mqtt: MQTT keepalive; a vanished board shows offline within 1.5x", "10"),
        .. MqttOptions.Specs,
    ];

    public static bool Wanted(ParsedOptions o)
    {
        if (o.GetStringOrNull("mqtt") != null) return true;
        foreach (string only in new[] { "id", "count", "bridge", MqttOptions.User.Name, MqttOptions.PasswordFile.Name, MqttOptions.Ca.Name })
            if (o.IsGiven(only)) throw new UsageException($"--{only} needs --mqtt mqtt://HOST:PORT");
        return false;
    }

    public static int Run(CommandContext context)
    {
        var o = context.Options;
        MqttBroker broker = MqttBroker.Parse(o.GetString("mqtt"));
        string id = o.GetStringOrNull("id") ?? throw new UsageException("--mqtt needs --id ID (the board's name on the broker)");
        if (!BoardId.IsValid(id)) throw new UsageException($"--id '{id}' is not {BoardId.Rule}");
        double keepAlive = o.GetDouble("keepalive");
        if (!(keepAlive >= 1) || keepAlive > 3600) throw new UsageException("--keepalive must be in [1, 3600] seconds");
        MqttOptions.Login(o, id);   // a bad login is one error before any board starts
        // A board logs in as its own id unless --user names one account for all of them.
        MqttBoardSettings For(string boardId) => new(broker, MqttOptions.Login(o, boardId), TimeSpan.FromSeconds(keepAlive));

        var served = new List<(MqttBoardServer Server, string Board, string? FlashDir)>();
        var owned = new List<IDisposable>();
        try
        {
            if (o.GetStringOrNull("bridge") is { } bridge)
                served.Add(Bridge(context, Target.Parse(bridge), id, For(id), owned));
            else
            {
                BoardProfile profile = TargetConnector.LoadProfile(o.GetStringOrNull("profile") ?? throw new UsageException("--profile P (or --bridge TARGET) is required"));
                if (LinuxBoards.Supports(profile))
                {
                    if (o.IsGiven("count")) throw new UsageException("--count serves simulated boards only");
                    var (board, endpoint, name, flashDir) = BoardRunCommand.StartLinuxBoard(context, profile, o.IsGiven("serial") ? Serial(o.GetLong("serial")) : null);
                    owned.Add(board);
                    served.Add((new MqttBoardServer(id, endpoint, () => board.IsAlive, null, For(id), Log(context, id)), name, flashDir));
                }
                else
                    served.AddRange(Simulated(context, profile, id, For, owned));
            }
            foreach (var s in served) owned.Add(s.Server);
            StartAll(served.Select(s => s.Server).ToList());
            context.Write(new CommandResult()
                .Add("broker", broker.ToString())
                .Add("boards", served.Select(s => new CommandResult()
                    .Add("id", s.Server.Id)
                    .Add("target", new MqttTarget(broker, s.Server.Id).ToString())
                    .Add("board", s.Board)
                    .Add("flash_dir", s.FlashDir == null ? null : Path.GetFullPath(s.FlashDir))).ToList()));
            ServeOutcome[] outcomes = RunAll(served.Select(s => s.Server).ToList(), context.Cancellation);
            return outcomes.All(x => x == ServeOutcome.EndOfLife) ? CliException.FailureExitCode : 0;
        }
        finally
        {
            for (int i = owned.Count - 1; i >= 0; i--) owned[i].Dispose();
        }
    }

    private static IEnumerable<(MqttBoardServer, string, string?)> Simulated(CommandContext context, BoardProfile profile, string id,
        Func<string, MqttBoardSettings> settingsFor, List<IDisposable> owned)
    {
        var o = context.Options;
        uint first = Serial(o.GetLong("serial"));
        bool many = o.IsGiven("count");
        int count = many ? o.GetInt("count") : 1;
        if (count is < 1 or > 1000) throw new UsageException("--count must be 1..1000");
        if ((long)first + count - 1 > uint.MaxValue) throw new UsageException("--serial + --count runs past the largest serial");
        string? flashDirs = o.GetStringOrNull("flash-dir");
        var result = new List<(MqttBoardServer, string, string?)>();
        for (int k = 0; k < count; k++)
        {
            uint serial = first + (uint)k;
            string boardId = many ? $"{id}-{serial}" : id;
            if (!BoardId.IsValid(boardId)) throw new UsageException($"board id '{boardId}' is not {BoardId.Rule}");
            string? flashDir = flashDirs == null ? null : many ? Path.Combine(flashDirs, $"{profile.Name}-{serial}") : flashDirs;
            var target = new SimTarget(o.GetString("profile"), serial);
            SimulatedBoard board = TargetConnector.OpenSimulatedBoard(target, flashDir);
            owned.Add(board);
            if (!board.IsAlive) throw new CliException($"board {target} has reached its end of life ({board.OperationsUsed} operations)");
            var endpoint = new FirmwareEndpoint(board);
            var server = new MqttBoardServer(boardId, endpoint, () => board.IsAlive,
                () => new BoardWear(board.OperationsUsed, board.OperationsLeft, profile.EndOfLifeOps), settingsFor(boardId), Log(context, boardId));
            result.Add((server, target.ToString(), board.FlashDirectory));
        }
        return result;
    }

    /// <summary>The gateway of a board on a line: its request frames go down the line, its answers come back up.</summary>
    private static (MqttBoardServer, string, string?) Bridge(CommandContext context, Target target, string id, MqttBoardSettings settings,
        List<IDisposable> owned)
    {
        if (target is MqttTarget) throw new UsageException("--bridge takes a board on a line (serial:, tcp: or sim:), not another broker's");
        if (context.Options.IsGiven("count")) throw new UsageException("--bridge serves one board: no --count");
        BoardConnection line = TargetConnector.Connect(target, FirmwareEndpoint.Factory, context.Options.GetStringOrNull("flash-dir"));
        owned.Add(line);
        SimulatedBoard? sim = line.SimulatedBoard;
        var endpoint = new LineEndpoint(line.Transport, TimeSpan.FromSeconds(5));
        Func<BoardWear?>? wear = sim == null ? null : () => new BoardWear(sim.OperationsUsed, sim.OperationsLeft, sim.BoardProfile.EndOfLifeOps);
        var server = new MqttBoardServer(id, endpoint, () => sim?.IsAlive ?? true, wear, settings, Log(context, id));
        return (server, target.ToString(), sim?.FlashDirectory);
    }

    /// <summary>Brings every board online at once; if one cannot (broker down, id taken), none serves.</summary>
    private static void StartAll(List<MqttBoardServer> servers)
    {
        var failures = new Exception?[servers.Count];
        var threads = servers.Select((server, i) => new Thread(() =>
        {
            try { server.Start(); }
            catch (Exception e) { failures[i] = e; }
        }) { IsBackground = true, Name = "start " + server.Id }).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Exception? first = failures.FirstOrDefault(f => f != null);
        if (first == null) return;
        int failed = failures.Count(f => f != null);
        if (first is CliException cli && failed == 1) throw cli;
        throw new CliException(failed == 1 ? first.Message : $"{failed} of {servers.Count} boards could not go online; the first: {first.Message}", inner: first);
    }

    private static ServeOutcome[] RunAll(List<MqttBoardServer> servers, CancellationToken cancellation)
    {
        var outcomes = new ServeOutcome[servers.Count];
        var threads = servers.Select((server, i) => new Thread(() => outcomes[i] = server.Run(cancellation))
            { IsBackground = true, Name = "board " + server.Id }).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return outcomes;
    }

    private static uint Serial(long serial) =>
        serial is >= 0 and <= uint.MaxValue ? (uint)serial : throw new UsageException($"--serial must be in 0..{uint.MaxValue}");

    private static Action<string> Log(CommandContext context, string id) => line =>
    {
        lock (context.Error) context.Error.WriteLine($"edge: board {id}: {line}");
    };
}
