using System.Diagnostics;
using System.Globalization;

namespace Edge.Host.Cli;

/// <summary>
/// A one-line progress bar on stderr for long work:
/// <code>using var progress = new Progress("training", total); ... progress.Report(done, "loss 0.31");</code>
/// It draws only when stderr is a terminal (never into a redirected stream, and never on stdout,
/// which belongs to the command's output and <c>--json</c>), waits <see cref="ShowAfter"/> before
/// drawing so short work stays silent, and redraws at most every <see cref="RedrawInterval"/>.
/// <see cref="Dispose"/> draws the final state and ends the line.
/// </summary>
public sealed class Progress : IDisposable
{
    public static readonly TimeSpan ShowAfter = TimeSpan.FromSeconds(0.5);
    public static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);
    private const int BarWidth = 24;

    private readonly TextWriter _writer;
    private readonly bool _enabled;
    private readonly TimeSpan _showAfter;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan? _lastDraw;
    private long _done;
    private string? _extra;
    private int _lastLineLength;
    private bool _drawn;
    private bool _finished;

    /// <summary>A bar on <see cref="Console.Error"/>, shown only if stderr is a terminal.</summary>
    public Progress(string label, long total)
        : this(label, total, Console.Error, enabled: !Console.IsErrorRedirected) { }

    /// <summary>A bar on <paramref name="writer"/>; <paramref name="showAfter"/> defaults to <see cref="ShowAfter"/>.</summary>
    public Progress(string label, long total, TextWriter writer, bool enabled, TimeSpan? showAfter = null)
    {
        Label = label;
        Total = Math.Max(0, total);
        _writer = writer;
        _enabled = enabled;
        _showAfter = showAfter ?? ShowAfter;
    }

    public string Label { get; }
    public long Total { get; }
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Records that <paramref name="done"/> of <see cref="Total"/> units are finished.</summary>
    public void Report(long done, string? extraText = null)
    {
        _done = Math.Clamp(done, 0, Total);
        _extra = extraText;
        if (!_enabled || _finished) return;
        TimeSpan now = _clock.Elapsed;
        if (now < _showAfter || (_lastDraw is { } last && now - last < RedrawInterval)) return;
        _lastDraw = now;
        Draw(now);
    }

    /// <summary>The line as drawn now (also used by tests).</summary>
    public string Render(TimeSpan elapsed)
    {
        double fraction = Total == 0 ? 1.0 : (double)_done / Total;
        int filled = (int)(fraction * BarWidth);
        string bar = new string('#', filled) + new string('.', BarWidth - filled);
        string line = string.Create(CultureInfo.InvariantCulture,
            $"{Label} [{bar}] {fraction * 100,3:0}% {_done}/{Total} {FormatDuration(elapsed)}");
        if (_done > 0 && _done < Total)
        {
            TimeSpan remaining = elapsed * ((double)(Total - _done) / _done);
            line += " eta " + FormatDuration(remaining);
        }
        if (!string.IsNullOrEmpty(_extra)) line += "  " + _extra;
        return line;
    }

    public void Dispose()
    {
        if (_finished) return;
        _finished = true;
        // Only finish a line we started: short work leaves no trace.
        if (_drawn)
        {
            Draw(_clock.Elapsed);
            _writer.WriteLine();
            _writer.Flush();
        }
    }

    private void Draw(TimeSpan elapsed)
    {
        string line = Render(elapsed);
        // Pad over the remains of a longer previous line instead of relying on terminal escapes.
        int padding = Math.Max(0, _lastLineLength - line.Length);
        _writer.Write('\r' + line + new string(' ', padding));
        _writer.Flush();
        _lastLineLength = line.Length;
        _drawn = true;
    }

    private static string FormatDuration(TimeSpan span) =>
        span.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h{span.Minutes:00}m")
            : span.TotalMinutes >= 1
                ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes}m{span.Seconds:00}s")
                : string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.0}s");
}
