using BenchmarkDotNet.Attributes;
using Edge.Core.Kernels;
using Edge.Core.Numerics;

namespace Edge.Benchmarks;

/// <summary>Fixed-point softmax of 10 logits (Q15.16) at temperature T (the distillation loss runs it at T &gt; 1).</summary>
public class SoftmaxBenchmarks
{
    [Params(1.0, 4.0)]
    public double Temperature { get; set; } = 1.0;

    private readonly int[] _logits = new int[10];
    private readonly int[] _probabilities = new int[10];
    private int _temperatureQ16;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Pcg32(2, 2);
        for (int i = 0; i < _logits.Length; i++) _logits[i] = rng.NextInt(8 << Q.ValueFrac) - (4 << Q.ValueFrac);
        _temperatureQ16 = (int)(Temperature * Q.One16);
    }

    [Benchmark]
    public long Softmax10() => Softmax.Forward(_logits, 0, _logits.Length, _temperatureQ16, _probabilities);
}
