using Edge.Host.Cli;
using Edge.Host.Data;
using Edge.Host.Plots;

namespace Edge.Host.Seed;

/// <summary>
/// One claim the project rests on (shared/DESIGN.md, "Why perturbation, why distillation") and the experiment
/// that measures it. <see cref="Run"/> returns the numbers as tables, the checks its verdict comes from, and
/// the panels of its plot; the command times it, draws the plot and reports.
/// </summary>
public abstract class SeedClaim
{
    /// <summary>The name on the command line, e.g. <c>wp-variance</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The claim in one sentence.</summary>
    public abstract string Statement { get; }

    /// <summary>What is run and measured, with the sizes of a full (or a <paramref name="quick"/>) run.</summary>
    public abstract string Experiment(bool quick);

    public abstract ClaimOutcome Run(SeedRun run);
}

/// <summary>A table of a claim's numbers: a name for JSON, a caption for people, and the rows.</summary>
public sealed record SeedTable(string Name, string Caption, ResultTable Table);

/// <summary>What a claim's experiment measured.</summary>
public sealed class ClaimOutcome
{
    public List<SeedTable> Tables { get; } = [];
    public List<Check> Checks { get; } = [];
    public List<Panel> Panels { get; } = [];

    public Verdict Verdict => Verdicts.From(Checks);
}

/// <summary>What a claim's experiment may use: the run's size, a scratch folder, the data sets, and a way to say what it is doing.</summary>
public sealed class SeedRun
{
    private readonly string? _dataDirectory;
    private Dataset? _digits, _fashion;

    public SeedRun(bool quick, string workDirectory, string? dataDirectory, Action<string> say, CancellationToken cancellation)
    {
        Quick = quick;
        WorkDirectory = workDirectory;
        _dataDirectory = dataDirectory;
        Say = say;
        Cancellation = cancellation;
    }

    /// <summary>Smoke-test sizes (seconds, for tests): the numbers mean nothing.</summary>
    public bool Quick { get; }

    /// <summary>A scratch folder for boards' flash and harvest caches, deleted after the run.</summary>
    public string WorkDirectory { get; }

    public Action<string> Say { get; }
    public CancellationToken Cancellation { get; }

    public Dataset Digits => _digits ??= DataSources.Load("digits");

    /// <summary>Fashion-MNIST 14×14 (Debian's dataset-fashion-mnist, or --data-dir).</summary>
    public Dataset Fashion => _fashion ??= LoadFashion();

    private Dataset LoadFashion()
    {
        try
        {
            return DataSources.Load("fashion14", _dataDirectory);
        }
        catch (DataException e)
        {
            throw new CliException($"this claim needs Fashion-MNIST: {e.Message}", inner: e);
        }
    }
}
