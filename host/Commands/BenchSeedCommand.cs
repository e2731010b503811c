using System.Diagnostics;
using Edge.Host.Cli;
using Edge.Host.Plots;
using Edge.Host.Seed;

namespace Edge.Host.Commands;

/// <summary>`edge bench seed`: every claim the project rests on, measured as a table, a plot and a verdict.</summary>
public sealed class BenchSeedCommand : Command
{
    public override string Name => "bench seed";
    public override string Summary => "measure the claims Edge rests on: a table, a plot and a verdict per claim";
    public override string Description =>
        "Runs one experiment per claim of shared/DESIGN.md (\"Why perturbation, why distillation\"), in fixed point, on " +
        "simulated boards where hardware matters, deterministic for the project's seeds. Each claim's verdict (holds, " +
        "partly, does not hold) comes from its own numbers: " + Verdicts.Rule + ". Writes CLAIM.png per claim into --out; " +
        "--json prints every table's numbers, the checks and the verdicts. docs/seed.md is the report of a full run.";

    public override IReadOnlyList<ArgumentSpec> Arguments =>
        [ArgumentSpec.List("CLAIM", "claims to run (default: all): " + string.Join(", ", SeedClaims.Names))];

    public override IReadOnlyList<OptionSpec> Options =>
    [
        OptionSpec.Value("out", "DIR", "folder for the plots (CLAIM.png)", "edge-seed"),
        OptionSpec.Value("markdown", "FILE", "also write the report as Markdown (plots linked relative to FILE)"),
        OptionSpec.Flag("quick", "smoke-test sizes (seconds; the numbers mean nothing)"),
        OptionSpec.Value("data-dir", "DIR", "folder of the Fashion-MNIST IDX files"),
    ];

    public override int Run(CommandContext context)
    {
        var o = context.Options;
        List<SeedClaim> claims = Select(o.ArgumentList("CLAIM"));
        bool quick = o.HasFlag("quick");
        string outDirectory = Path.GetFullPath(o.GetString("out"));
        Directory.CreateDirectory(outDirectory);
        string work = Directory.CreateTempSubdirectory("edge-seed-").FullName;
        double? load = Machine.LoadAverage();
        var reports = new List<ClaimReport>();
        var total = Stopwatch.StartNew();
        try
        {
            foreach (SeedClaim claim in claims)
            {
                context.Say($"{claim.Name}: {claim.Statement}");
                string scratch = Path.Combine(work, claim.Name);
                Directory.CreateDirectory(scratch);
                var run = new SeedRun(quick, scratch, o.GetStringOrNull("data-dir"), context.Say, context.Cancellation);
                var watch = Stopwatch.StartNew();
                ClaimOutcome outcome = claim.Run(run);
                double seconds = watch.Elapsed.TotalSeconds;
                string plot = Path.Combine(outDirectory, claim.Name + ".png");
                PanelPlot.SavePng(plot, outcome.Panels);
                reports.Add(new ClaimReport(claim, outcome, quick, seconds, plot));
                context.Say($"{claim.Name}: {Verdicts.Word(outcome.Verdict)} ({seconds:F0} s)");
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
        double totalSeconds = total.Elapsed.TotalSeconds;
        string machine = Machine.Describe();
        if (o.GetStringOrNull("markdown") is { } markdown)
            SeedMarkdown.Write(markdown, reports, CommandLine(o, claims, quick, markdown), machine, load, DateTime.UtcNow, totalSeconds);
        context.Write(new CommandResult()
            .Add("claims", reports.Aggregate(new CommandResult(), (all, r) => all.Add(r.Claim.Name, r.ToResult())))
            .Add("verdicts", reports.Aggregate(new CommandResult(), (all, r) => all.Add(r.Claim.Name, Verdicts.Word(r.Outcome.Verdict))))
            .Add("out", outDirectory)
            .Add("quick", quick)
            .Add("machine", machine)
            .Add("seconds", Math.Round(totalSeconds, 1)));
        return 0;
    }

    /// <summary>The claims named, in the order given (each once), or all of them.</summary>
    private static List<SeedClaim> Select(IReadOnlyList<string> names)
    {
        if (names.Count == 0) return [.. SeedClaims.All];
        var selected = new List<SeedClaim>();
        foreach (string name in names)
        {
            SeedClaim claim = SeedClaims.Find(name)
                ?? throw new UsageException($"unknown claim '{name}': use {string.Join(", ", SeedClaims.Names)}");
            if (!selected.Contains(claim)) selected.Add(claim);
        }
        return selected;
    }

    /// <summary>The command that writes this report again, as it was given.</summary>
    private static string CommandLine(ParsedOptions o, List<SeedClaim> claims, bool quick, string markdown) =>
        "edge bench seed" + (claims.Count == SeedClaims.All.Count ? "" : " " + string.Join(' ', claims.Select(c => c.Name)))
        + (o.IsGiven("out") ? " --out " + o.GetString("out") : "") + " --markdown " + markdown + (quick ? " --quick" : "");
}
