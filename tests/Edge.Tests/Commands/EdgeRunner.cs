using System.Diagnostics;
using System.Text.Json;
using Edge.Host.Cli;
using Xunit;

namespace Edge.Tests.Commands;

/// <summary>Runs edge commands in this process (the real catalog) or starts edge as a child process.</summary>
internal static class EdgeRunner
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = new CliApp(EdgeCommands.All(), stdout, stderr).Run(args);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs a command with --json that must succeed; returns its JSON object.</summary>
    public static JsonElement Json(params string[] args)
    {
        var (code, stdout, stderr) = Run([.. args, "--json"]);
        Assert.True(code == 0, $"edge {string.Join(' ', args)} failed ({code}): {stderr}");
        Assert.Equal("", stderr);
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    /// <summary>Runs a command that must fail: returns its exit code and its one stderr line.</summary>
    public static (int Code, string Line) Fail(params string[] args)
    {
        var (code, stdout, stderr) = Run(args);
        Assert.NotEqual(0, code);
        Assert.Equal("", stdout);
        string[] lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("edge: ", lines[0]);
        return (code, lines[0]);
    }

    /// <summary>edge as its own process (dotnet exec edge.dll), output redirected.</summary>
    public static Process Start(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "edge.dll"));
        foreach (string arg in args) start.ArgumentList.Add(arg);
        start.Environment.Remove("EDGE_DEBUG");
        if (environment != null)
            foreach (var (key, value) in environment) start.Environment[key] = value;
        return Process.Start(start)!;
    }
}
