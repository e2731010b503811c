using Edge.Host.Cli;

namespace Edge.Host.Fleet;

/// <summary>
/// How an Edge MQTT client logs in: an account (<c>--user</c>, password from <c>--password-file</c>) and TLS with a
/// CA certificate (<c>--ca FILE</c>). All optional: a loopback broker for tests takes anonymous plain TCP.
/// </summary>
public sealed record MqttLogin(string? User, string? Password, string? CaFile)
{
    public static readonly MqttLogin Anonymous = new(null, null, null);

    public bool UsesTls => CaFile != null;

    /// <summary>
    /// Reads the password for <paramref name="user"/> from <paramref name="path"/>: either one line that is the
    /// password, or lines <c>USER:PASSWORD</c> (one account per board). Failures are one <see cref="CliException"/> line.
    /// </summary>
    public static string ReadPassword(string path, string? user)
    {
        string[] lines;
        try { lines = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read the password file {path}: {e.Message}", inner: e);
        }
        if (lines.Length == 0) throw new CliException($"the password file {path} is empty");
        if (lines.Length == 1 && !lines[0].Contains(':')) return lines[0];
        foreach (string line in lines)
        {
            int colon = line.IndexOf(':');
            if (colon > 0 && line[..colon] == user) return line[(colon + 1)..];
        }
        throw new CliException($"the password file {path} has no line '{user ?? "(no --user)"}:PASSWORD'");
    }
}
