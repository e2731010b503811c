using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Edge.Tests.Commands;

namespace Edge.Tests.Fleet;

/// <summary>`edge board run ... --json` as a child process: its first JSON line, its log so far, killed on dispose.</summary>
internal sealed class BoardProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    public BoardProcess(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        _process = EdgeRunner.Start(environment, [.. args, "--json"]);
        _process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (_log) _log.AppendLine(e.Data); };
        _process.BeginErrorReadLine();
        string? first = _process.StandardOutput.ReadLine();
        if (first == null)
        {
            _process.WaitForExit(10_000);
            ExitCode = _process.ExitCode;
            return;
        }
        Started = JsonDocument.Parse(first).RootElement.Clone();
    }

    /// <summary>What it printed once its boards were online; null if it exited first.</summary>
    public JsonElement? Started { get; }

    /// <summary>Its exit code if it exited without starting.</summary>
    public int? ExitCode { get; }

    public string Log { get { lock (_log) return _log.ToString(); } }

    /// <summary>Waits until the log holds <paramref name="text"/>.</summary>
    public bool WaitForLog(string text, TimeSpan wait)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < wait)
        {
            if (Log.Contains(text)) return true;
            Thread.Sleep(20);
        }
        return Log.Contains(text);
    }

    public void Kill()
    {
        if (!_process.HasExited) { _process.Kill(); _process.WaitForExit(10_000); }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
