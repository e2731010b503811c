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

    /// <summary>What the state file says about a board.</summary>
    public sealed record State(string Profile, uint Serial, long OperationsUsed);

    /// <summary>Reads the state in <paramref name="directory"/>, or null when there is none yet.</summary>
    /// <exception cref="InvalidDataException">The file exists but is not a state file of this format.</exception>
    public static State? Read(string directory)
    {
        string path = Path.Combine(directory, FileName);
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            JsonElement root = doc.RootElement;
            int format = root.GetProperty("format").GetInt32();
            if (format != FormatVersion) throw new InvalidDataException($"{path}: format {format} is not supported (expected {FormatVersion})");
            string profile = root.GetProperty("profile").GetString() ?? throw new InvalidDataException($"{path}: profile is null");
            uint serial = root.GetProperty("serial").GetUInt32();
            long operations = root.GetProperty("operations_used").GetInt64();
            if (operations < 0) throw new InvalidDataException($"{path}: operations_used is negative");
            return new State(profile, serial, operations);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path}: not a board state file ({e.Message})", e);
        }
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
