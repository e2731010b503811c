using Edge.Boards.Linux;
using Edge.Boards.Profiles;
using Edge.Boards.Simulated;
using System.Globalization;
using System.Net;
using Edge.Host.Cli;
using Edge.Host.Targets;
using Edge.Host.Transport;

namespace Edge.Host.Commands;

/// <summary>
/// `edge board run`: a simulated board as its own process, served over TCP until Ctrl+C or its end of life; with
/// --mqtt, boards served through a broker instead (<see cref="MqttBoardRun"/>).
/// </summary>
public sealed class BoardRunCommand : Command
{
    public override string Name => "board run";
    public override string Summary => "serve a board (simulated, or a Linux ADC board) over TCP for other edge commands";
    public override string Description =>
        "Runs the firmware on the simulated board PROFILE#SERIAL (its flash and wear in --flash-dir, as a sim: target " +
        "keeps them) and serves it to one client at a time: a second client is told BUSY at once, a client silent for " +
        "30 s is closed. Binds to loopback unless --listen names another address; whoever reaches the port can read, " +
        "replace and wear out the board, so another address needs --key-file (clients connect with " +
        "tcp://HOST:PORT?key-file=FILE and prove the key by HMAC challenge-response; without it only HELLO is " +
        "answered) or, on a network you trust, --insecure. " +
        "Prints the address to connect to (with --json: one JSON object) as soon as it listens; logs to stderr. " +
        "Profiles of Linux ADC boards (rpi-mcp3008, rpi-ads1115) run the firmware on this machine's SPI/I2C ADCs " +
        "through Iot.Device.Bindings, with the label button and status LED; --emulate puts emulated chips there instead. " +
        "With --line serial:DEVICE a simulated board serves its host on a serial line instead, as a board on a UART does " +
        "(e.g. one end of a socat pty pair; the host connects to the other end as serial:DEVICE). " +
        "With --mqtt the board is served through an MQTT broker as --id (--count N: N simulated boards; --bridge TARGET: " +
        "a gateway for a board on a line); see docs/fleet.md.";

    public override IReadOnlyList<OptionSpec> Options =>
    [
        OptionSpec.Value("profile", "P", "board profile: a name in boards/ (e.g. sim-digits) or a path to a profile json"),
        OptionSpec.Value("serial", "N", "the board's serial number", "1"),
        OptionSpec.Value("listen", "ADDR", ListenAddress.Forms + "; port 0 picks a free port", "127.0.0.1:5555"),
        OptionSpec.Value("line", "serial:DEVICE", "serve a simulated board on this serial line instead of TCP (serial:DEVICE?baud=N)"),
        TargetOptions.FlashDir,
        OptionSpec.Value("key-file", "FILE", "clients must prove this pre-shared key (make one: head -c 32 /dev/urandom | base64 > FILE)"),
        OptionSpec.Flag("insecure", "serve a non-loopback address without a key (anyone who reaches it owns the board)"),
        OptionSpec.Flag("emulate", "Linux ADC boards: emulated MCP3008/ADS1115 chips instead of /dev/spidev and /dev/i2c"),
        .. MqttBoardRun.Options,
    ];

    public override int Run(CommandContext context)
    {
        var o = context.Options;
        if (MqttBoardRun.Wanted(o)) return MqttBoardRun.Run(context);
        string profile = o.GetString("profile");
        long serial = o.GetLong("serial");
        if (serial < 0 || serial > uint.MaxValue) throw new UsageException($"--serial must be in 0..{uint.MaxValue}");
        IPEndPoint listen = ListenAddress.Parse(o.GetString("listen"));
        BoardKey? key = Key(context, listen);
        BoardProfile loaded = TargetConnector.LoadProfile(profile);
        if (LinuxBoards.Supports(loaded))
            return RunLinuxBoard(context, loaded, o.IsGiven("serial") ? (uint)serial : null, listen, key);
        var target = new SimTarget(profile, (uint)serial);
        string? flashDir = o.GetStringOrNull("flash-dir");
        if (o.GetStringOrNull("line") is { } line) return RunOnLine(context, target, line, flashDir);
        void Log(string line)
        {
            lock (context.Error) context.Error.WriteLine("edge: board " + target + ": " + line);
        }

        ServeOutcome outcome = TargetConnector.ServeOverTcp(target, listen, FirmwareEndpoint.Factory, context.Cancellation, Log, flashDir,
            server =>
            {
                context.Write(new CommandResult()
                    .Add("address", server.Address)
                    .Add("board", target.ToString())
                    .Add("flash_dir", Path.GetFullPath(flashDir ?? SimulatedBoard.DefaultFlashDirectory(
                        TargetConnector.LoadProfile(profile).Name, (uint)serial)))
                    .Add("key", key != null));
            }, key);
        Log(outcome switch
        {
            ServeOutcome.EndOfLife => "reached its end of life; stopped",
            _ => "stopped",
        });
        return outcome == ServeOutcome.EndOfLife ? CliException.FailureExitCode : 0;
    }

    /// <summary>A simulated board on a serial line: prints the line and the board once it is open, serves until Ctrl+C or its end of life.</summary>
    private static int RunOnLine(CommandContext context, SimTarget target, string line, string? flashDir)
    {
        if (Target.Parse(line) is not SerialTarget serialLine) throw new UsageException($"--line takes serial:DEVICE[?baud=N], not '{line}'");
        if (context.Options.IsGiven("listen") || context.Options.IsGiven("key-file"))
            throw new UsageException("--line serves on a serial line: --listen and --key-file are for TCP");
        ServeOutcome outcome = TargetConnector.ServeOnLine(target, serialLine, FirmwareEndpoint.Factory, context.Cancellation, flashDir,
            () => context.Write(new CommandResult()
                .Add("address", serialLine.ToString())
                .Add("board", target.ToString())
                .Add("flash_dir", Path.GetFullPath(flashDir ?? SimulatedBoard.DefaultFlashDirectory(TargetConnector.LoadProfile(target.Profile).Name, target.Serial)))));
        lock (context.Error) context.Error.WriteLine($"edge: board {target}: " + (outcome == ServeOutcome.EndOfLife ? "reached its end of life; stopped" : "stopped"));
        return outcome == ServeOutcome.EndOfLife ? CliException.FailureExitCode : 0;
    }

    /// <summary>
    /// The key clients must prove, from --key-file; none on loopback. Any other address needs a key or an explicit
    /// --insecure: whoever reaches the port can read the weights, replace the model and age the board to its end.
    /// </summary>
    private static BoardKey? Key(CommandContext context, IPEndPoint listen)
    {
        string? keyFile = context.Options.GetStringOrNull("key-file");
        bool insecure = context.Options.HasFlag("insecure");
        if (keyFile != null && insecure) throw new UsageException("--key-file and --insecure exclude each other");
        if (keyFile != null) return BoardKey.Load(keyFile);
        if (!insecure && !IPAddress.IsLoopback(listen.Address))
            throw new UsageException($"--listen {listen} can be reached from other machines, and whoever connects owns the board: " +
                                     "give --key-file FILE (clients then use tcp://HOST:PORT?key-file=FILE) or, on a network you trust, --insecure");
        return null;
    }

    /// <summary>The firmware on a Linux board's real (or, with --emulate, emulated) ADC chips, with its label button.</summary>
    private static int RunLinuxBoard(CommandContext context, BoardProfile profile, uint? serialOption, IPEndPoint listen, BoardKey? key)
    {
        var (board, endpoint, name, flashDir) = StartLinuxBoard(context, profile, serialOption);
        using (board)
        {
            ServeOutcome outcome = TargetConnector.ServeOverTcp(board, endpoint, listen, context.Cancellation,
                line => { lock (context.Error) context.Error.WriteLine($"edge: board {name}: {line}"); },
                server => context.Write(new CommandResult()
                    .Add("address", server.Address)
                    .Add("board", name)
                    .Add("flash_dir", Path.GetFullPath(flashDir))
                    .Add("key", key != null)), key);
            return outcome == ServeOutcome.EndOfLife ? CliException.FailureExitCode : 0;
        }
    }

    /// <summary>Opens a Linux board (--emulate: on emulated chips) with its firmware, and starts its label button.</summary>
    internal static (LinuxAdcBoard Board, FirmwareEndpoint Endpoint, string Name, string FlashDir) StartLinuxBoard(
        CommandContext context, BoardProfile profile, uint? serialOption)
    {
        bool emulate = context.Options.HasFlag("emulate");
        uint serial = serialOption ?? (emulate ? LinuxBoards.DefaultEmulatedSerial : LinuxBoards.ReadPiSerial() ?? 0);
        string flashDir = context.Options.GetStringOrNull("flash-dir") ?? LinuxBoards.DefaultFlashDirectory(profile, serial, emulate);
        LinuxAdcBoard board;
        try { board = LinuxBoards.Open(profile, flashDir, emulate, serial); }
        catch (Exception e) when (e is LinuxBoardException or IOException) { throw new CliException(e.Message, inner: e); }
        var endpoint = new FirmwareEndpoint(board);
        var trainer = board.CreateButtonTrainer(endpoint.Firmware, () => endpoint.Firmware.Model?.Config.OutputCount ?? 0, endpoint.Gate);
        if (trainer != null) new Thread(() => trainer.Run(context.Cancellation)) { IsBackground = true, Name = "label button" }.Start();
        return (board, endpoint, $"{profile.Name}#{serial}{(emulate ? " (emulated chips)" : "")}", flashDir);
    }
}
