using Edge.Core.Protocol;
using System.Net;
using Edge.Boards;
using Edge.Boards.Profiles;
using Edge.Boards.Simulated;
using Edge.Core.Hardware;
using Edge.Host.Cli;
using Edge.Host.Transport;

namespace Edge.Host.Targets;

/// <summary>
/// Turns a <see cref="Target"/> into a byte stream to a board: a simulated board in this process
/// (<see cref="InProcessBoard"/>), a TCP connection, a serial port or a broker (<see cref="Fleet.MqttTransport"/>). Failures are <see cref="CliException"/>s
/// with one line naming the target. The firmware is supplied by the caller as a factory, so this layer does
/// not depend on the firmware's classes.
/// </summary>
public static class TargetConnector
{
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Opens a connection to <paramref name="target"/>.</summary>
    /// <param name="firmware">Makes the firmware endpoint of an in-process board (only called for sim: targets).</param>
    /// <param name="flashDirectory">sim: only; default <see cref="SimulatedBoard.DefaultFlashDirectory(BoardProfile, uint)"/>.</param>
    /// <param name="login">mqtt: targets only: the broker account and TLS (default anonymous, plain TCP).</param>
    public static BoardConnection Connect(Target target, Func<IBoard, IFirmwareEndpoint> firmware,
        string? flashDirectory = null, TimeSpan? connectTimeout = null, Fleet.MqttLogin? login = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(firmware);
        try
        {
            switch (target)
            {
                case SimTarget sim:
                    SimulatedBoard board = OpenSimulatedBoard(sim, flashDirectory);
                    try
                    {
                        var running = new InProcessBoard(board, firmware(board), sim.ToString());
                        return new BoardConnection(target, running.Transport, board, running);
                    }
                    catch
                    {
                        board.Dispose();
                        throw;
                    }
                case TcpTarget tcp:
                    return new BoardConnection(target, TcpTransport.Connect(tcp.Host, tcp.Port, connectTimeout ?? DefaultConnectTimeout), null, null);
                case SerialTarget serial:
                    return new BoardConnection(target, SerialTransport.Open(serial.Device, serial.Baud), null, null);
                case MqttTarget mqtt:
                    return new BoardConnection(target, Fleet.MqttTransport.Connect(mqtt, login ?? Fleet.MqttLogin.Anonymous), null, null);
                default:
                    throw new ArgumentException("unknown target kind " + target.GetType().Name, nameof(target));
            }
        }
        catch (TransportException e)
        {
            throw new CliException(e.Message, inner: e);
        }
    }

    /// <summary>
    /// Runs the board of <paramref name="target"/> as a TCP server (<c>edge board run --listen</c>) until Ctrl+C or
    /// end of life. <paramref name="started"/> gets the address clients should use once listening; with a
    /// <paramref name="key"/>, clients must prove it before anything but HELLO.
    /// </summary>
    public static ServeOutcome ServeOverTcp(SimTarget target, IPEndPoint listen, Func<IBoard, IFirmwareEndpoint> firmware,
        CancellationToken cancellation, Action<string>? log = null, string? flashDirectory = null, Action<TcpBoardServer>? started = null,
        BoardKey? key = null)
    {
        using SimulatedBoard board = OpenSimulatedBoard(target, flashDirectory);
        if (!board.IsAlive) throw new CliException($"board {target} has reached its end of life ({board.OperationsUsed} operations)");
        return ServeOverTcp(board, firmware(board), listen, cancellation, log, started, key);
    }

    /// <summary>Serves any board's firmware endpoint over TCP until Ctrl+C or the board's end of life.</summary>
    public static ServeOutcome ServeOverTcp(IBoard board, IFirmwareEndpoint endpoint, IPEndPoint listen, CancellationToken cancellation,
        Action<string>? log = null, Action<TcpBoardServer>? started = null, BoardKey? key = null)
    {
        try
        {
            TcpBoardServer server;
            try { server = new TcpBoardServer(listen, endpoint, () => board.IsAlive, log, key); }
            catch (TransportException e) { throw new CliException(e.Message, inner: e); }
            using (server)
            {
                started?.Invoke(server);
                return server.Run(cancellation);
            }
        }
        finally
        {
            (endpoint as IDisposable)?.Dispose();
        }
    }

    /// <summary>
    /// Runs the board of <paramref name="target"/> on a serial line (<c>edge board run --line</c>), as a board on a UART
    /// serves its host: every frame that arrives on <paramref name="line"/> is answered on it, until Ctrl+C, the board's
    /// end of life or the line's disappearance. <paramref name="started"/> is called once the line is open.
    /// </summary>
    public static ServeOutcome ServeOnLine(SimTarget target, SerialTarget line, Func<IBoard, IFirmwareEndpoint> firmware,
        CancellationToken cancellation, string? flashDirectory = null, Action? started = null)
    {
        using SimulatedBoard board = OpenSimulatedBoard(target, flashDirectory);
        if (!board.IsAlive) throw new CliException($"board {target} has reached its end of life ({board.OperationsUsed} operations)");
        IFirmwareEndpoint endpoint = firmware(board);
        try
        {
            SerialTransport transport;
            try { transport = SerialTransport.Open(line.Device, line.Baud); }
            catch (TransportException e) { throw new CliException(e.Message, inner: e); }
            using (transport)
            {
                started?.Invoke();
                return EndpointServer.Serve(transport, endpoint, board, cancellation);
            }
        }
        finally
        {
            (endpoint as IDisposable)?.Dispose();
        }
    }

    /// <summary>Loads the profile of a sim: target and opens its persistent board; errors are one-line <see cref="CliException"/>s.</summary>
    public static SimulatedBoard OpenSimulatedBoard(SimTarget target, string? flashDirectory = null)
    {
        BoardProfile profile = LoadProfile(target.Profile);
        try
        {
            return SimulatedBoard.Open(profile, target.Serial, flashDirectory);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot open board {target}: {e.Message}", inner: e);
        }
    }

    /// <summary>Finds and loads a profile by name or path.</summary>
    public static BoardProfile LoadProfile(string nameOrPath)
    {
        string? path = ProfileFolders.ResolveProfilePath(nameOrPath);
        if (path == null)
        {
            string known = string.Join(", ", KnownProfiles());
            throw new CliException($"no board profile '{nameOrPath}' (neither a file nor in boards/{Path.GetFileNameWithoutExtension(nameOrPath)}.json here or next to edge)"
                + (known.Length > 0 ? "; known profiles: " + known : ""));
        }
        try
        {
            return BoardProfileLoader.Load(path);
        }
        catch (BoardProfileException e)
        {
            throw new CliException(e.Message, inner: e);
        }
    }

    /// <summary>Names of the profiles shipped next to the binaries.</summary>
    public static IReadOnlyList<string> KnownProfiles()
    {
        string folder = Path.Combine(AppContext.BaseDirectory, ProfileFolders.ProfileFolder);
        if (!Directory.Exists(folder)) return Array.Empty<string>();
        return Directory.GetFiles(folder, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal).ToArray();
    }
}

/// <summary>An open connection to a board; Dispose closes it (and stops an in-process board, saving its wear).</summary>
public sealed class BoardConnection : IDisposable
{
    private readonly InProcessBoard? _inProcess;

    internal BoardConnection(Target target, IByteTransport transport, SimulatedBoard? simulatedBoard, InProcessBoard? inProcess)
    {
        Target = target;
        Transport = transport;
        SimulatedBoard = simulatedBoard;
        _inProcess = inProcess;
    }

    public Target Target { get; }

    /// <summary>The byte stream the protocol client talks over.</summary>
    public IByteTransport Transport { get; }

    /// <summary>The in-process board of a sim: target (for wear and diagnostics), else null.</summary>
    public SimulatedBoard? SimulatedBoard { get; }

    /// <summary>Why an in-process board's server stopped (null while running or for remote boards).</summary>
    public ServeOutcome? ServerOutcome => _inProcess?.Outcome;

    /// <summary>What an in-process board's firmware threw, if it crashed.</summary>
    public Exception? ServerFailure => _inProcess?.ServerFailure;

    public void Dispose()
    {
        if (_inProcess != null) _inProcess.Dispose();
        else Transport.Dispose();
    }
}
