using System.Globalization;

namespace Edge.Host.Targets;

/// <summary>
/// A host and a port as written on the command line: <c>HOST:PORT</c>, <c>[IPv6]:PORT</c>, or (where a default host
/// is given) a bare <c>PORT</c>. The one parser of both <c>tcp://</c> targets and <c>edge board run --listen</c>.
/// An IPv6 address must be in brackets, or its last group could not be told from the port.
/// </summary>
public readonly record struct HostPort(string Host, int Port)
{
    /// <param name="defaultHost">The host of a bare PORT; null when the port must follow a host.</param>
    /// <param name="allowZeroPort">Port 0 (a free port, for a server) is allowed.</param>
    public static bool TryParse(string text, string? defaultHost, bool allowZeroPort, out HostPort result, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? problem)
    {
        result = default;
        string host, portText;
        if (text.StartsWith('['))
        {
            int close = text.IndexOf(']');
            if (close < 0 || close + 1 >= text.Length || text[close + 1] != ':') { problem = "expected [IPv6]:PORT"; return false; }
            host = text[1..close];
            portText = text[(close + 2)..];
        }
        else
        {
            int colon = text.LastIndexOf(':');
            if (colon < 0 && defaultHost is null) { problem = "the port is missing"; return false; }
            host = colon < 0 ? defaultHost! : text[..colon];
            portText = text[(colon + 1)..];
            if (host.Contains(':')) { problem = "write IPv6 addresses in brackets, e.g. [::1]:5555"; return false; }
        }
        if (host.Length == 0 || host.Any(c => char.IsWhiteSpace(c) || c is '/' or '?' or '#' or '@')) { problem = $"bad host '{host}'"; return false; }
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535 || (port == 0 && !allowZeroPort))
        {
            problem = $"port '{portText}' is not in {(allowZeroPort ? 0 : 1)}..65535";
            return false;
        }
        result = new HostPort(host, port);
        problem = null;
        return true;
    }
}
