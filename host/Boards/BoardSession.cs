using System.Globalization;
using Edge.Boards.Profiles;
using Edge.Host.Cli;
using Edge.Host.Device;
using Edge.Host.Targets;
using Edge.Host.Transport;

namespace Edge.Host.Boards;

/// <summary>
/// One command's conversation with one board: connects to the target (an in-process <c>sim:</c> board with its
/// flash in <c>--flash-dir</c> or the default folder, a TCP board, a serial board), says HELLO, and turns every
/// protocol failure into one <see cref="CliException"/> line naming the board. Dispose disconnects (an
/// in-process board saves its wear then).
/// </summary>
public sealed class BoardSession : IDisposable
{
    private readonly BoardConnection _connection;
    private bool _warnedOfDamage;

    private BoardSession(BoardConnection connection, DeviceClient client)
    {
        _connection = connection;
        Client = client;
    }

    public Target Target => _connection.Target;
    public DeviceClient Client { get; }
    public DeviceHello Hello { get; private set; } = null!;
    public BoardConnection Connection => _connection;

    /// <summary>Connects, says HELLO and, for a tcp:// target with a key file, proves the key; a board that does not answer is one clear error.</summary>
    /// <param name="flashDirectory">sim: targets only (ignored with a warning by the caller otherwise).</param>
    /// <param name="login">mqtt: targets only: the broker account and TLS.</param>
    public static BoardSession Open(string targetText, string? flashDirectory, TimeSpan? timeout = null, Fleet.MqttLogin? login = null)
    {
        Target target = Target.Parse(targetText);
        if (flashDirectory != null && target is not SimTarget)
            throw new UsageException("--flash-dir applies to sim: targets only (a tcp:// board keeps its flash where `edge board run` put it)");
        BoardConnection connection = TargetConnector.Connect(target, FirmwareEndpoint.Factory, flashDirectory, login: login);
        var session = new BoardSession(connection, new DeviceClient(connection.Transport, timeout));
        try
        {
            session.Hello = session.Call(session.Client.Hello);
            if (target is TcpTarget { KeyFile: { } keyFile })
            {
                BoardKey key = BoardKey.Load(keyFile);
                session.Call(() => session.Client.Authenticate(key));
            }
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Runs requests, translating protocol and line failures into one-line errors naming the board.</summary>
    public T Call<T>(Func<T> request)
    {
        try
        {
            return request();
        }
        catch (Exception e) when (e is DeviceException or TransportException)
        {
            throw Failure(e);
        }
    }

    public void Call(Action request) => Call(() => { request(); return 0; });

    private CliException Failure(Exception e)
    {
        if (_connection.SimulatedBoard is { IsAlive: false } dead)
            return new CliException($"board {Target} is dead: it reached its end of life after {dead.OperationsUsed.ToString(CultureInfo.InvariantCulture)} operations and no longer answers", inner: e);
        if (_connection.ServerFailure is { } crash)
            return new CliException($"board {Target} crashed: {crash.Message}", inner: e);
        return new CliException($"board {Target}: {e.Message}", inner: e);
    }

    /// <summary>Where warnings about the board go (e.g. a damaged newest model); none by default.</summary>
    public Action<string>? Warn { get; set; }

    /// <summary>INFO; warns when the board booted an older model because its newest image is damaged.</summary>
    public DeviceInfo ReadInfo()
    {
        DeviceInfo info = Call(Client.Info);
        if (info.Model is { } model && info.DamagedSlots > 0 && (info.DamagedGeneration == 0 || info.DamagedGeneration > model.Generation)
            && !_warnedOfDamage)
        {
            _warnedOfDamage = true;   // once per session
            string newest = info.DamagedGeneration == 0 ? "a newer model (generation unknown)" : $"newest model (generation {info.DamagedGeneration})";
            Warn?.Invoke($"board {Target}: {newest} is corrupt; booted generation {model.Generation}");
        }
        return info;
    }

    /// <summary>The model on the board (INFO), or a clear error when it has none.</summary>
    public DeviceModelInfo RequireModel()
    {
        DeviceInfo info = ReadInfo();
        return info.Model ?? throw NoModel(info);
    }

    /// <summary>
    /// Why the board has no model, and what to do: put one on it, or, when its flash holds damaged images, keep
    /// those raw slots first (flashing writes over them).
    /// </summary>
    public CliException NoModel(DeviceInfo info)
    {
        if (info.DamagedSlots == 0)
            return new CliException($"board {Target} has no model: put one on it with `edge flash {Target} --data D`");
        string newest = info.DamagedGeneration == 0 ? "" : $", the newest of generation {info.DamagedGeneration}";
        string keep = Target switch
        {
            SimTarget when _connection.SimulatedBoard?.FlashDirectory is { } folder => $"cp -a {folder} {folder}.damaged",
            TcpTarget => "copy the slot*.bin files of the board's flash folder (where `edge board run` keeps it)",
            _ => "read the board's flash out with its own tools (e.g. esptool.py read_flash)",
        };
        return new CliException($"board {Target} has no valid model: its flash holds {info.DamagedSlots} damaged model image(s){newest}. " +
                                $"`edge flash` would write over them: to keep what might be recovered, first {keep}");
    }

    /// <summary>
    /// The board's nominal input full scale in microvolts (what a feature of 1.0 becomes): from the in-process board,
    /// else from the profile HELLO names (looked up in boards/ like a sim: target's profile).
    /// </summary>
    public double NominalFullScaleMicrovolts
    {
        get
        {
            if (_connection.SimulatedBoard is { } board) return board.AnalogPath.NominalFullScaleMicrovolts;
            BoardProfile profile;
            try
            {
                profile = TargetConnector.LoadProfile(Hello.Profile);
            }
            catch (CliException e)
            {
                throw new CliException($"board {Target} reports profile '{Hello.Profile}', which this host does not know, so it cannot scale stimuli to its inputs: {e.Message}", inner: e);
            }
            if (profile.Inputs.Channels != Hello.ChannelCount)
                throw new CliException($"board {Target} has {Hello.ChannelCount} channels but its profile '{Hello.Profile}' here says {profile.Inputs.Channels}");
            return profile.Inputs.FullScaleMv * 1000.0;
        }
    }

    /// <summary>
    /// Keeps what the host measured or decided in the board's status when it is on a broker (nothing for other
    /// boards); false if the broker did not take it, which costs only the status line, never the command.
    /// </summary>
    public bool Note(Fleet.BoardNote note)
    {
        if (_connection.Transport is not Fleet.MqttTransport mqtt) return false;
        try
        {
            mqtt.PublishNote(note);
            return true;
        }
        catch (TransportException)
        {
            return false;
        }
    }

    /// <summary>Closes the connection (the client's transport belongs to it).</summary>
    public void Dispose() => _connection.Dispose();
}
