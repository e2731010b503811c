using Edge.Boards.Profiles;
using Edge.Core.Hardware;
using Edge.Core.Kernels;

namespace Edge.Boards.Simulated;

/// <summary>
/// The simulated mortal board: a profile plus a serial number, seen by the firmware through
/// <see cref="IBoard"/>. Its inputs run through the board's own <see cref="SimulatedAnalogPath"/>, its hidden
/// units are <see cref="AnalogNeurons"/> when the profile has analog compute, every counted operation ages it,
/// and after the profile's end_of_life_ops it is dead for good.
///
/// With a flash directory the board is persistent: its slots are files (<see cref="FileSlotStorage"/>) and its
/// wear is kept in <see cref="BoardStateFile"/>, so it keeps its model and its age across separate
/// <c>edge</c> commands. While open, the board holds an exclusive lock on the directory (one board can't be in
/// two processes). Dispose saves the wear; so does reaching end of life, every
/// <see cref="StateSaveIntervalOps"/> operations and, while it works, every <see cref="StateSaveInterval"/>, so a
/// killed process loses at most a second of ageing.
/// </summary>
public sealed class SimulatedBoard : IBoard, IDisposable
{
    public const int DefaultSlotCount = 2;
    /// <summary>1 MiB per slot: a 196-128-10 model with int32 master weights is about 105 kB.</summary>
    public const int DefaultSlotSize = 1 << 20;
    /// <summary>Wear is written to disk at least this often (operations), besides on Dispose and end of life.</summary>
    public const long StateSaveIntervalOps = 1 << 16;
    /// <summary>Wear is written to disk at least this often while operations are counted (a slow model, a SIGKILL).</summary>
    public static readonly TimeSpan StateSaveInterval = TimeSpan.FromSeconds(1);
    /// <summary>Environment variable that moves the default flash directories (tests, CI).</summary>
    public const string EdgeHomeVariable = "EDGE_HOME";

    private const string LockFileName = ".lock";

    private readonly SimulatedAnalogPath _path;
    private readonly SimulatedAnalogInput _input;
    private readonly FileStream? _lock;
    private long _savedOperations;
    private long _savedAt = System.Diagnostics.Stopwatch.GetTimestamp();
    private bool _disposed;

    private SimulatedBoard(BoardProfile profile, uint serial, string? flashDirectory, IStorage? memoryStorage)
    {
        ArgumentNullException.ThrowIfNull(profile);
        _path = new SimulatedAnalogPath(profile, serial);
        _input = new SimulatedAnalogInput(_path);
        HiddenActivation = profile.AnalogNeurons != null ? AnalogNeurons.ForBoard(profile, serial) : null;
        if (flashDirectory == null)
        {
            Storage = memoryStorage ?? new MemorySlotStorage();
            return;
        }

        FlashDirectory = Path.GetFullPath(flashDirectory);
        Directory.CreateDirectory(FlashDirectory);
        _lock = AcquireLock(FlashDirectory, profile.Name, serial);
        try
        {
            BoardStateFile.State? state = BoardStateFile.Read(FlashDirectory);
            if (state != null)
            {
                if (state.Profile != profile.Name || state.Serial != serial)
                    throw new InvalidDataException($"{FlashDirectory} holds board {state.Profile}#{state.Serial}, not {profile.Name}#{serial}");
                _path.Age(state.OperationsUsed);
                _savedOperations = state.OperationsUsed;
            }
            Storage = new FileSlotStorage(FlashDirectory);
        }
        catch
        {
            _lock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens the persistent board <paramref name="serial"/> of <paramref name="profile"/>, its flash in
    /// <paramref name="flashDirectory"/> (default: <see cref="DefaultFlashDirectory(BoardProfile, uint)"/>).
    /// </summary>
    /// <exception cref="IOException">Another process (or board object) has this board open.</exception>
    /// <exception cref="InvalidDataException">The directory belongs to another board or its state file is damaged.</exception>
    public static SimulatedBoard Open(BoardProfile profile, uint serial, string? flashDirectory = null) =>
        new(profile, serial, flashDirectory ?? DefaultFlashDirectory(profile, serial), null);

    /// <summary>A throw-away board: flash in RAM, wear forgotten on dispose.</summary>
    public static SimulatedBoard InMemory(BoardProfile profile, uint serial, IStorage? storage = null) =>
        new(profile, serial, null, storage);

    /// <summary><c>$EDGE_HOME</c> if set, else <c>~/.edge</c>.</summary>
    public static string EdgeHome
    {
        get
        {
            string? home = Environment.GetEnvironmentVariable(EdgeHomeVariable);
            if (!string.IsNullOrEmpty(home)) return Path.GetFullPath(home);
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".edge");
        }
    }

    /// <summary>Where a board keeps its flash by default: <c>&lt;EdgeHome&gt;/boards/&lt;profile&gt;-&lt;serial&gt;/</c>.</summary>
    public static string DefaultFlashDirectory(string profileName, uint serial)
    {
        ArgumentException.ThrowIfNullOrEmpty(profileName);
        char[] invalid = Path.GetInvalidFileNameChars();
        var safe = new string(profileName.Select(c => Array.IndexOf(invalid, c) >= 0 || c == '\\' ? '_' : c).ToArray());
        return Path.Combine(EdgeHome, "boards", safe + "-" + serial);
    }

    /// <inheritdoc cref="DefaultFlashDirectory(string, uint)"/>
    public static string DefaultFlashDirectory(BoardProfile profile, uint serial) => DefaultFlashDirectory(profile.Name, serial);

    public string Profile => _path.Profile.Name;

    public BoardProfile BoardProfile => _path.Profile;

    public uint Serial => _path.Serial;

    public IAnalogInput Input => _input;

    public IStorage Storage { get; }

    public IActivation? HiddenActivation { get; }

    /// <summary>The board's analog front end (gains, offsets, wear) for diagnostics.</summary>
    public SimulatedAnalogPath AnalogPath => _path;

    /// <summary>The folder of the slot files and the state file, or null for an in-memory board.</summary>
    public string? FlashDirectory { get; }

    /// <summary>Operations counted over the board's whole life (including earlier processes).</summary>
    public long OperationsUsed => _path.OperationsUsed;

    /// <summary>Operations left before end of life, or null when the profile never wears out.</summary>
    public long? OperationsLeft => _path.Profile.EndOfLifeOps is long end ? Math.Max(0, end - _path.OperationsUsed) : null;

    public bool IsAlive => !_path.IsWornOut;

    /// <summary>Unknown for a simulated board.</summary>
    public long FreeMemory => -1;

    /// <summary>Ages the board by <paramref name="count"/> operations; a dead board counts no more.</summary>
    public void CountOperations(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (count == 0 || !IsAlive) return;
        _path.Age(count);
        if (FlashDirectory != null && (!IsAlive || _path.OperationsUsed - _savedOperations >= StateSaveIntervalOps
                                       || System.Diagnostics.Stopwatch.GetElapsedTime(_savedAt) >= StateSaveInterval))
            SaveState();
    }

    /// <summary>Writes the wear to the state file now (no-op for in-memory boards).</summary>
    public void SaveState()
    {
        if (FlashDirectory == null) return;
        long operations = _path.OperationsUsed;
        BoardStateFile.Write(FlashDirectory, new BoardStateFile.State(Profile, Serial, operations));
        _savedOperations = operations;
        _savedAt = System.Diagnostics.Stopwatch.GetTimestamp();
    }

    /// <summary>Saves the wear and releases the flash directory.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            if (FlashDirectory != null && _path.OperationsUsed != _savedOperations) SaveState();
        }
        finally
        {
            _lock?.Dispose();
        }
    }

    private static FileStream AcquireLock(string directory, string profile, uint serial)
    {
        string path = Path.Combine(directory, LockFileName);
        try
        {
            // FileShare.None takes an exclusive advisory lock (flock on Unix) held until dispose.
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException($"board {profile}#{serial} is in use by another process (locked: {directory})", e);
        }
    }
}
