using Edge.Core.Kernels;
using Edge.Core.Numerics;

namespace Edge.Host.Perf;

/// <summary>Multiply-accumulates per second of one dense-forward shape on each kernel.</summary>
public sealed record KernelRates(int In, int Out, double FixedMacsPerSecond, double PortableMacsPerSecond,
                                 double FloatMacsPerSecond, double BestFixedMacsPerSecond, double BestFloatMacsPerSecond,
                                 double LoadAverage)
{
    /// <summary>The same ratio from the best runs (less disturbed by other load on the machine).</summary>
    public double BestRatio => BestFixedMacsPerSecond / BestFloatMacsPerSecond;

    /// <summary>Fixed-point host kernel over float SIMD: above 1 the integer kernel is faster.</summary>
    public double Ratio => FixedMacsPerSecond / FloatMacsPerSecond;
}

public static class KernelBenchmark
{
    public static KernelRates Measure(int inCount, int outCount, IDenseKernel hostKernel, double seconds)
    {
        var d = new DenseOperands(inCount, outCount, seed: 1);
        double macs = (double)inCount * outCount;
        Timing fixedTime = PerfTimer.Measure(
            () => hostKernel.Forward(d.Weights, d.Bias, 0, d.Input, Q.InputFrac, inCount, outCount, d.PreActivation), seconds);
        Timing portableTime = PerfTimer.Measure(
            () => DenseQ3_12.Forward(d.Weights, d.Bias, 0, d.Input, Q.InputFrac, inCount, outCount, d.PreActivation), seconds);
        Timing floatTime = PerfTimer.Measure(
            () => FloatDense.Forward(d.FloatWeights, d.FloatBias, d.FloatInput, inCount, outCount, d.FloatOutput), seconds);
        return new KernelRates(inCount, outCount, macs / fixedTime.Median, macs / portableTime.Median, macs / floatTime.Median,
                               macs / fixedTime.Best, macs / floatTime.Best, PerfTimer.LoadAverage() ?? double.NaN);
    }
}
