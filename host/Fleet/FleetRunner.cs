using System.Diagnostics;
using System.Text.Json;
using Edge.Host.Cli;

namespace Edge.Host.Fleet;

/// <summary>What one board's edge command gave: its JSON result, or the one line it failed with.</summary>
public sealed record BoardRun(string Id, JsonElement? Result, string? Error, TimeSpan Elapsed)
{
    public bool Ok => Error == null;

    public double? Number(string name) =>
        Result is { } r && r.TryGetProperty(name, out JsonElement e) && e.ValueKind == JsonValueKind.Number ? e.GetDouble() : null;

    public string? Text(string name) =>
        Result is { } r && r.TryGetProperty(name, out JsonElement e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
}

/// <summary>
/// Runs an ordinary edge command (flash, train, transfer) for boards of the fleet, each on its own thread in this
/// process, exactly as `edge CMD mqtt://HOST:PORT/ID ... --json` would run: the fleet commands add nothing to how
/// a board is flashed, trained or transferred, only the fan-out. A board that fails does not stop the others.
/// </summary>
public static class FleetRunner
{
    public static IReadOnlyList<BoardRun> RunEach(IReadOnlyList<string> ids, Func<string, IReadOnlyList<string>> argsFor,
        CancellationToken cancellation, Action<BoardRun> finished)
    {
        var runs = new BoardRun[ids.Count];
        var threads = ids.Select((id, i) => new Thread(() =>
        {
            runs[i] = RunOne(id, argsFor(id), cancellation);
            finished(runs[i]);
        }) { IsBackground = true, Name = "fleet " + id }).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return runs;
    }

    public static BoardRun RunOne(string id, IReadOnlyList<string> args, CancellationToken cancellation)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var watch = Stopwatch.StartNew();
        int code = new CliApp(EdgeCommands.All(), stdout, stderr) { Cancellation = cancellation }.Run([.. args, "--json"]);
        if (code != 0)
        {
            string last = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? $"exit code {code}";
            return new BoardRun(id, null, last.StartsWith("edge: ", StringComparison.Ordinal) ? last[6..] : last, watch.Elapsed);
        }
        using var doc = JsonDocument.Parse(stdout.ToString());
        return new BoardRun(id, doc.RootElement.Clone(), null, watch.Elapsed);
    }
}
