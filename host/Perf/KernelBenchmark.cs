using Edge.Core.Kernels;
using Edge.Core.Numerics;

namespace Edge.Host.Perf;

/// <summary>Multiply-accumulates per second of one dense-forward shape on each kernel.</summary>
public sealed record KernelRates(int In, int Out, double FixedMacsPerSecond, double PortableMacsPerSecond,
                                 double FloatMacsPerSecond, double LoadAverage)
{
    /// <summary>Fixed-point host kernel over float SIMD: above 1 the integer kernel is faster.</summary>
    public double Ratio => FixedMacsPerSecond / FloatMacsPerSecond;
}

public static class KernelBenchmark
{
    public static KernelRates Measure(int inCount, int outCount, IDenseKernel hostKernel, double runSeconds, int runs)
    {
        var d = new DenseOperands(inCount, outCount, seed: 1);
        double macs = (double)inCount * outCount;
        double fixedSeconds = PerfTimer.SecondsPerCall(
            () => hostKernel.Forward(d.Weights, d.Bias, d.Input, Q.InputFrac, inCount, outCount, d.PreActivation), runSeconds, runs);
        double portableSeconds = PerfTimer.SecondsPerCall(
            () => DenseQ3_12.Forward(d.Weights, d.Bias, d.Input, Q.InputFrac, inCount, outCount, d.PreActivation), runSeconds, runs);
        double floatSeconds = PerfTimer.SecondsPerCall(
            () => FloatDense.Forward(d.FloatWeights, d.FloatBias, d.FloatInput, inCount, outCount, d.FloatOutput), runSeconds, runs);
        return new KernelRates(inCount, outCount, macs / fixedSeconds, macs / portableSeconds, macs / floatSeconds,
                               PerfTimer.LoadAverage() ?? double.NaN);
    }
}
