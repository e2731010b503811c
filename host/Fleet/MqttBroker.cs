using System.Globalization;
using Edge.Host.Targets;

namespace Edge.Host.Fleet;

/// <summary>
/// Where the fleet's broker listens: <c>mqtt://HOST[:PORT]</c>. Without a port the MQTT default applies: 1883, or
/// 8883 when the connection uses TLS (<c>--ca</c>).
/// </summary>
public sealed record MqttBroker(string Host, int? Port)
{
    public const string Scheme = "mqtt://";
    public const int DefaultPort = 1883;
    public const int DefaultTlsPort = 8883;

    public const string Forms = "mqtt://HOST[:PORT] (e.g. mqtt://127.0.0.1:1883)";

    public int PortFor(bool tls) => Port ?? (tls ? DefaultTlsPort : DefaultPort);

    public override string ToString() =>
        Scheme + (Host.Contains(':') ? "[" + Host + "]" : Host) + (Port is int p ? ":" + p.ToString(CultureInfo.InvariantCulture) : "");

    /// <summary>Parses <c>mqtt://HOST[:PORT]</c>; a bad one is a <see cref="Cli.UsageException"/> naming the form.</summary>
    public static MqttBroker Parse(string text)
    {
        text = text.Trim();
        string? problem = null;
        MqttBroker? broker = text.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            ? TryParseAuthority(text[Scheme.Length..].TrimEnd('/'), out problem)
            : null;
        if (broker == null && problem == null) problem = "it does not start with mqtt://";
        return broker ?? throw new Cli.UsageException($"bad broker '{text}': {problem}; expected {Forms}");
    }

    /// <summary>HOST, HOST:PORT or [IPv6]:PORT, checked as tcp:// checks its HOST:PORT.</summary>
    internal static MqttBroker? TryParseAuthority(string authority, out string? problem)
    {
        bool hasPort = authority.StartsWith('[') ? authority.Contains("]:") : authority.Contains(':');
        if (hasPort)
        {
            TcpTarget? tcp = TcpTarget.TryParseRest(authority, out problem);
            return tcp == null ? null : new MqttBroker(tcp.Host, tcp.Port);
        }
        string host = authority.Trim('[', ']');
        if (host.Length == 0 || host.Any(c => char.IsWhiteSpace(c) || c is '/' or '?' or '#' or '@' or '+'))
        {
            problem = $"bad host '{host}'";
            return null;
        }
        problem = null;
        return new MqttBroker(host, null);
    }
}
