using System.Net;
using Edge.Host.Cli;

namespace Edge.Host.Targets;

/// <summary>
/// The <c>--listen</c> value of <c>edge board run</c>: <c>HOST:PORT</c>, <c>[IPv6]:PORT</c> or a bare <c>PORT</c>
/// (then loopback). Only numeric addresses and "localhost": a board is served on loopback unless the user
/// names another interface (e.g. 0.0.0.0) on purpose. Port 0 picks a free port.
/// </summary>
public static class ListenAddress
{
    public const string Forms = "PORT, HOST:PORT or [IPv6]:PORT (e.g. 127.0.0.1:5555)";

    public static IPEndPoint Parse(string text)
    {
        text = text?.Trim() ?? "";
        if (!HostPort.TryParse(text, defaultHost: "127.0.0.1", allowZeroPort: true, out HostPort parsed, out string? problem)) throw Bad(text, problem);
        var (host, port) = parsed;
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return new IPEndPoint(IPAddress.Loopback, port);
        if (!IPAddress.TryParse(host, out IPAddress? address)) throw Bad(text, $"'{host}' is not an IP address");
        return new IPEndPoint(address, port);
    }

    /// <summary>"127.0.0.1:5555" / "[::1]:5555".</summary>
    public static string Format(IPEndPoint endPoint) => endPoint.ToString();

    private static UsageException Bad(string text, string problem) =>
        new($"bad listen address '{text}': {problem}; expected {Forms}");
}
