namespace Edge.Boards;

/// <summary>Where board profiles live: <c>boards/</c> in the repository, and next to the binaries.</summary>
public static class ProfileFolders
{
    public const string ProfileFolder = "boards";

    /// <summary>
    /// Finds a profile given a path ("boards/sim-digits.json") or a bare name ("sim-digits"): the path as
    /// given, then <c>boards/&lt;name&gt;.json</c> under the current directory, then next to the binaries.
    /// Returns null when none exists.
    /// </summary>
    public static string? ResolveProfilePath(string nameOrPath)
    {
        if (File.Exists(nameOrPath)) return Path.GetFullPath(nameOrPath);
        string file = Path.GetFileName(nameOrPath);
        if (!file.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) file += ".json";
        foreach (string root in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            string candidate = Path.Combine(root, ProfileFolder, file);
            if (File.Exists(candidate)) return Path.GetFullPath(candidate);
        }
        return null;
    }
}
