using System.Runtime.InteropServices;
using Edge.Host.Cli;

namespace Edge.Host.Seed;

/// <summary>One claim's run: what it measured, how long it took, and where its plot is.</summary>
public sealed record ClaimReport(SeedClaim Claim, ClaimOutcome Outcome, bool Quick, double Seconds, string PlotPath)
{
    /// <summary>The command that reruns this claim alone.</summary>
    public string Command => $"edge bench seed {Claim.Name}{(Quick ? " --quick" : "")}";

    /// <summary>Every number of the claim, its checks and its verdict, for --json.</summary>
    public CommandResult ToResult()
    {
        var tables = new CommandResult();
        foreach (SeedTable table in Outcome.Tables) tables.Add(table.Name, table.Table);
        var checks = new ResultTable("requirement", "passed", "measured");
        foreach (Check check in Outcome.Checks) checks.AddRow(check.Requirement, check.Passed, check.Measured);
        return new CommandResult()
            .Add("claim", Claim.Name)
            .Add("statement", Claim.Statement)
            .Add("verdict", Verdicts.Word(Outcome.Verdict))
            .Add("rule", Verdicts.Rule)
            .Add("checks", checks)
            .Add("experiment", Claim.Experiment(Quick))
            .Add("command", Command)
            .Add("tables", tables)
            .Add("plot", PlotPath)
            .Add("seconds", Math.Round(Seconds, 1));
    }
}

/// <summary>What the results were measured on, for the report.</summary>
public static class Machine
{
    public static string Describe()
    {
        string cpu = "unknown CPU";
        try
        {
            if (File.Exists("/proc/cpuinfo"))
                cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException)
        {
        }
        return $"{Environment.ProcessorCount} cores, {cpu}, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }

    /// <summary>The 1-minute load average (Linux), or null: how shared the machine was while the seconds were measured.</summary>
    public static double? LoadAverage()
    {
        try
        {
            string? first = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : null;
            return double.TryParse(first, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double load) ? load : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
