namespace Edge.Boards.Profiles;

/// <summary>A board profile that cannot be used; the message names the file and the JSON path of the bad key.</summary>
public sealed class BoardProfileException : Exception
{
    /// <summary>File (or name) of the profile.</summary>
    public string SourceName { get; }

    /// <summary>JSON path of the offending key, e.g. "inputs.noise_lsb" ("" for the whole document).</summary>
    public string KeyPath { get; }

    public BoardProfileException(string sourceName, string keyPath, string problem, Exception? inner = null)
        : base(Format(sourceName, keyPath, problem), inner)
    {
        SourceName = sourceName;
        KeyPath = keyPath;
    }

    private static string Format(string sourceName, string keyPath, string problem) =>
        keyPath.Length == 0 ? $"{sourceName}: {problem}" : $"{sourceName}: {keyPath}: {problem}";
}
