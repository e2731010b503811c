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

    [Trait("Category", "Slow")] // over 2 s: left out by --filter "Category!=Slow"
    [Fact]
    public void Every_command_shows_its_help_and_the_general_help_lists_it()
    {
        foreach (var command in Edge.Host.Cli.EdgeCommands.All())
        {
            var (helpCode, helpOut, helpErr) = RunEdge([.. command.Name.Split(' '), "--help"]);
            Assert.True(helpCode == 0, $"edge {command.Name} --help exited {helpCode}: {helpErr}");
            Assert.Contains("edge " + command.Name, helpOut);
            Assert.Contains("--json", helpOut);
        }

        var (code, stdout, stderr) = RunEdge("--help");
        Assert.Equal(0, code);
        Assert.Contains("  bench kernels ", stdout);
        Assert.Equal("", stderr);
    }
}
