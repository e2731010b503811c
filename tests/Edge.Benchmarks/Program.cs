using BenchmarkDotNet.Running;

namespace Edge.Benchmarks;

/// <summary>
/// Entry point: BenchmarkDotNet's switcher over every benchmark class here; pass its own arguments,
/// e.g. <c>--filter '*' --job short --inProcess</c> (in-process jobs need no generated project).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return summaries.Any(s => s.HasCriticalValidationErrors) ? 1 : 0;
    }
}
