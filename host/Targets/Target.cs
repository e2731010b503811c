using System.Globalization;
using Edge.Host.Cli;

namespace Edge.Host.Targets;

/// <summary>
/// Where a command finds its board: <c>sim:&lt;profile&gt;#&lt;serial&gt;</c> (an in-process simulated board),
/// <c>tcp://HOST:PORT</c> (a board served by <c>edge board run --listen</c>), <c>serial:&lt;device&gt;[?baud=N]</c>
/// (a real board) or <c>mqtt://HOST[:PORT]/BOARD-ID</c> (a board on a broker, <see cref="MqttTarget"/>). <see cref="ToString"/> gives the canonical text.
/// </summary>
public abstract record Target
{
    /// <summary>The valid forms, for error messages and help.</summary>
    public const string Forms =
        "sim:<profile>#<serial> (e.g. sim:sim-digits#1 or sim:boards/sim-digits.json#1), " +
        "tcp://HOST:PORT[?key-file=FILE] (e.g. tcp://127.0.0.1:5555), serial:<device>[?baud=N] (e.g. serial:/dev/ttyUSB0?baud=115200) " +
        "or mqtt://HOST[:PORT]/BOARD-ID (e.g. mqtt://127.0.0.1:1883/rack-1)";

    private protected Target() { }

    /// <summary>Parses a target; a bad one raises a <see cref="UsageException"/> whose one line lists the valid forms.</summary>
    public static Target Parse(string text)
    {
        if (TryParse(text, out Target? target, out string? error)) return target;
        throw new UsageException(error);
    }

    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Target? target,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        target = null;
        string? problem = null;
        text = text?.Trim() ?? "";
        if (text.StartsWith(SimTarget.Scheme, StringComparison.OrdinalIgnoreCase))
            target = SimTarget.TryParseRest(text[SimTarget.Scheme.Length..], out problem);
        else if (text.StartsWith(TcpTarget.Scheme, StringComparison.OrdinalIgnoreCase))
            target = TcpTarget.TryParseRest(text[TcpTarget.Scheme.Length..], out problem);
        else if (text.StartsWith(SerialTarget.Scheme, StringComparison.OrdinalIgnoreCase))
            target = SerialTarget.TryParseRest(text[SerialTarget.Scheme.Length..], out problem);
        else if (text.StartsWith(MqttTarget.Scheme, StringComparison.OrdinalIgnoreCase))
            target = MqttTarget.TryParseRest(text[MqttTarget.Scheme.Length..], out problem);
        else
            problem = "unknown kind of target";
        error = target == null ? $"bad target '{text}': {problem}; expected {Forms}" : null;
        return target != null;
    }
}

/// <summary>An in-process simulated board: <c>sim:&lt;profile&gt;#&lt;serial&gt;</c>.</summary>
/// <param name="Profile">Profile name ("sim-digits", found by <c>ProfileFolders.ResolveProfilePath</c>) or path to a profile json.</param>
/// <param name="Serial">The board's serial number.</param>
public sealed record SimTarget(string Profile, uint Serial) : Target
{
    public const string Scheme = "sim:";

    public override string ToString() => Scheme + Profile + "#" + Serial.ToString(CultureInfo.InvariantCulture);

    internal static SimTarget? TryParseRest(string rest, out string? problem)
    {
        int hash = rest.LastIndexOf('#');
        if (hash < 0) { problem = "a sim target needs a serial number after '#'"; return null; }
        string profile = rest[..hash].Trim(), serialText = rest[(hash + 1)..].Trim();
        if (profile.Length == 0) { problem = "the profile is missing"; return null; }
        bool hex = serialText.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        if (!uint.TryParse(hex ? serialText[2..] : serialText, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None,
                CultureInfo.InvariantCulture, out uint serial))
        {
            problem = $"serial '{serialText}' is not a number in 0..{uint.MaxValue}";
            return null;
        }
        problem = null;
        return new SimTarget(profile, serial);
    }
}

/// <summary>
/// A board served over TCP: <c>tcp://HOST:PORT</c> (IPv6 literals in brackets), and <c>?key-file=PATH</c> when the
/// server asks for its key (<c>edge board run --key-file</c>). <see cref="ToString"/> leaves the key file out.
/// </summary>
public sealed record TcpTarget(string Host, int Port, string? KeyFile = null) : Target
{
    public const string Scheme = "tcp://";

    public override string ToString() => Scheme + (Host.Contains(':') ? "[" + Host + "]" : Host) + ":" + Port.ToString(CultureInfo.InvariantCulture);

    internal static TcpTarget? TryParseRest(string rest, out string? problem)
    {
        string? keyFile = null;
        int question = rest.IndexOf('?');
        if (question >= 0)
        {
            foreach (string pair in rest[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                int equals = pair.IndexOf('=');
                string key = equals < 0 ? pair : pair[..equals], value = equals < 0 ? "" : pair[(equals + 1)..];
                if (!key.Equals("key-file", StringComparison.OrdinalIgnoreCase)) { problem = $"unknown option '{key}' (only key-file=PATH)"; return null; }
                if (value.Length == 0) { problem = "key-file= needs a path"; return null; }
                keyFile = value;
            }
            rest = rest[..question];
        }
        if (!HostPort.TryParse(rest.TrimEnd('/'), defaultHost: null, allowZeroPort: false, out HostPort address, out problem)) return null;
        return new TcpTarget(address.Host, address.Port, keyFile);
    }
}

/// <summary>A real board on a serial port: <c>serial:/dev/ttyUSB0?baud=115200</c> (baud defaults to 115200).</summary>
public sealed record SerialTarget(string Device, int Baud = Transport.SerialTransport.DefaultBaud) : Target
{
    public const string Scheme = "serial:";

    public override string ToString() => Scheme + Device + "?baud=" + Baud.ToString(CultureInfo.InvariantCulture);

    internal static SerialTarget? TryParseRest(string rest, out string? problem)
    {
        int question = rest.IndexOf('?');
        string device = (question < 0 ? rest : rest[..question]).Trim();
        if (device.Length == 0) { problem = "the serial device is missing"; return null; }
        int baud = Transport.SerialTransport.DefaultBaud;
        if (question >= 0)
        {
            foreach (string pair in rest[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                int equals = pair.IndexOf('=');
                string key = equals < 0 ? pair : pair[..equals], value = equals < 0 ? "" : pair[(equals + 1)..];
                if (!key.Equals("baud", StringComparison.OrdinalIgnoreCase)) { problem = $"unknown option '{key}' (only baud=N)"; return null; }
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out baud) || baud < 1)
                {
                    problem = $"baud '{value}' is not a positive number";
                    return null;
                }
            }
        }
        problem = null;
        return new SerialTarget(device, baud);
    }
}
