using System.Text.Json;

namespace Edge.Boards.Simulated;

/// <summary>
/// The wear of a simulated board (operations used), kept in <c>board.json</c> in its flash directory so that
/// ageing and end of life carry over between <c>edge</c> commands. Written atomically: a temporary file is
/// flushed to disk and renamed over the old one, so a crash leaves either the old or the new state.
/// </summary>
public static class BoardStateFile
{
    public const string FileName = "board.json";
    public const int FormatVersion = 1;

    /// <summary>A state file is a few lines; anything larger is not one (and is not read whole).</summary>
    public const int MaxFileBytes = 4096;

    /// <summary>What the state file says about a board.</summary>
    public sealed record State(string Profile, uint Serial, long OperationsUsed);

    /// <summary>Reads the state in <paramref name="directory"/>, or null when there is none yet.</summary>
    /// <exception cref="InvalidDataException">The file exists but is not a state file of this format.</exception>
    public static State? Read(string directory)
    {
        string path = Path.Combine(directory, FileName);
        byte[] bytes;
        try { bytes = ReadAtMost(path, MaxFileBytes + 1); }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
        if (bytes.Length > MaxFileBytes) throw new InvalidDataException($"{path}: more than {MaxFileBytes} bytes: not a board state file");
        StateJson file = StrictJson.Deserialize<StateJson>(new System.Text.UTF8Encoding(false).GetString(bytes),
            (key, problem, e) => new InvalidDataException($"{path}: {key}: {problem} (not a board state file of this format)", e));
        if (file.Format != FormatVersion) throw new InvalidDataException($"{path}: format {file.Format} is not supported (expected {FormatVersion})");
        if (file.OperationsUsed < 0) throw new InvalidDataException($"{path}: operations_used is negative");
        if (file.Profile.Length == 0) throw new InvalidDataException($"{path}: profile is empty");
        return new State(file.Profile, file.Serial, file.OperationsUsed);
    }

    // The file as System.Text.Json reads it (strict: unknown or duplicate keys and wrong types are errors).
    private sealed class StateJson
    {
        public required int Format { get; init; }
        public required string Profile { get; init; }
        public required uint Serial { get; init; }
        public required long OperationsUsed { get; init; }
    }

    private static byte[] ReadAtMost(string path, int limit)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var buffer = new byte[limit];
        int length = 0, n;
        while (length < limit && (n = file.Read(buffer, length, limit - length)) > 0) length += n;
        return buffer[..length];
    }

    /// <summary>Replaces the state in <paramref name="directory"/> atomically (temp file, fsync, rename).</summary>
    public static void Write(string directory, State state, bool flushToDisk = true)
    {
        string path = Path.Combine(directory, FileName);
        string temp = path + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            using (var json = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true }))
            {
                json.WriteStartObject();
                json.WriteNumber("format", FormatVersion);
                json.WriteString("profile", state.Profile);
                json.WriteNumber("serial", state.Serial);
                json.WriteNumber("operations_used", state.OperationsUsed);
                json.WriteEndObject();
            }
            file.Flush(flushToDisk);
        }
        File.Move(temp, path, overwrite: true);
    }
}
