using System.Diagnostics;
using Xunit;

namespace Edge.Tests.Cli;

/// <summary>The real edge executable, as a user runs it: Program.Main wiring, exit codes, streams.</summary>
public class EdgeProcessTests
{
    private static (int Code, string Out, string Err) RunEdge(params string[] args)
    {
        string edgeDll = Path.Combine(AppContext.BaseDirectory, "edge.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(edgeDll);
        foreach (string arg in args) start.ArgumentList.Add(arg);
        start.Environment.Remove("EDGE_DEBUG");
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(30_000), "edge did not exit");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void Placeholder_command_fails_with_one_line_and_help_lists_it()
    {
        var (code, stdout, stderr) = RunEdge("distill", "--json");
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Equal("edge: 'distill' is not built yet\n", stderr.Replace("\r\n", "\n"));

        (code, stdout, stderr) = RunEdge("--help");
        Assert.Equal(0, code);
        Assert.Contains("  bench kernels ", stdout);
        Assert.Equal("", stderr);
    }
}
