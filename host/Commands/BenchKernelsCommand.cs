using Edge.Accelerated;
using Edge.Core.Kernels;
using Edge.Host.Cli;
using Edge.Host.Perf;

namespace Edge.Host.Commands;

/// <summary>`edge bench kernels`: the fixed-point dense forward against float SIMD, per shape.</summary>
public sealed class BenchKernelsCommand : Command
{
    public override string Name => "bench kernels";
    public override string Summary => "time the fixed-point kernels";
    public override string Description =>
        "Multiply-accumulates per second of the dense forward pass: the host's fixed-point kernel " +
        "(int16 Q3.12 weights × int16 inputs into int64, bit-identical to the device's), the portable " +
        "device kernel, and float SIMD (System.Numerics.Tensors TensorPrimitives.Dot per output row) on " +
        "the same shapes. ratio = fixed / float. Each rate is the median over ~2 ms runs; best_ratio uses the best runs, which other load on the machine disturbs least.";

    public override IReadOnlyList<OptionSpec> Options =>
    [
        OptionSpec.Value("seconds", "S", "timed seconds per kernel and shape (after a 0.25 s warm-up)", "0.5"),
    ];

    public override int Run(CommandContext context)
    {
        double seconds = context.Options.GetDouble("seconds", 0.5);
        if (!(seconds > 0) || seconds > 60) throw new UsageException("--seconds must be in (0, 60]");

        IDenseKernel kernel = HostKernels.Dense;
        var rates = new List<KernelRates>();
        using (var progress = context.StartProgress("kernels", DenseOperands.Shapes.Length))
        {
            foreach (var (inCount, outCount) in DenseOperands.Shapes)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                rates.Add(KernelBenchmark.Measure(inCount, outCount, kernel, seconds));
                progress.Report(rates.Count, $"{inCount}x{outCount}");
            }
        }
        KernelRates fashion = rates.Single(r => r.In == 196 && r.Out == 128);
        var table = new ResultTable("shape", "fixed_macs_per_second", "portable_macs_per_second", "float_macs_per_second", "ratio", "best_ratio", "load_average");
        foreach (var r in rates)
            table.AddRow($"{r.In}x{r.Out}", Round(r.FixedMacsPerSecond), Round(r.PortableMacsPerSecond), Round(r.FloatMacsPerSecond),
                         Math.Round(r.Ratio, 3), Math.Round(r.BestRatio, 3), Math.Round(r.LoadAverage, 2));
        context.Write(new CommandResult()
            .Add("kernel", kernel.GetType().Name)
            .Add("shape", "196x128")
            .Add("fixed_macs_per_second", Round(fashion.FixedMacsPerSecond))
            .Add("portable_macs_per_second", Round(fashion.PortableMacsPerSecond))
            .Add("float_macs_per_second", Round(fashion.FloatMacsPerSecond))
            .Add("ratio", Math.Round(fashion.Ratio, 3))
            .Add("best_ratio", Math.Round(fashion.BestRatio, 3))
            .Add("processors", Environment.ProcessorCount)
            .Add("load_average", PerfTimer.LoadAverage())
            .Add("shapes", table));
        return 0;
    }

    private static long Round(double rate) => (long)Math.Round(rate);
}
