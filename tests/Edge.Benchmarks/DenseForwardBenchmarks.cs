using BenchmarkDotNet.Attributes;
using Edge.Accelerated;
using Edge.Core.Kernels;
using Edge.Core.Numerics;
using Edge.Host.Perf;

namespace Edge.Benchmarks;

/// <summary>One dense layer's forward pass per shape: the portable kernel, its AVX2 and AVX-512 twins, and float SIMD.</summary>
public class DenseForwardBenchmarks
{
    [Params("64x32", "196x128", "512x512")]
    public string Shape { get; set; } = "196x128";

    private DenseOperands _d = null!;

    [GlobalSetup]
    public void Setup()
    {
        string[] parts = Shape.Split('x');
        _d = new DenseOperands(int.Parse(parts[0]), int.Parse(parts[1]), seed: 1);
    }

    [Benchmark]
    public void Portable() => DenseQ3_12.Forward(_d.Weights, _d.Bias, 0, _d.Input, Q.InputFrac, _d.In, _d.Out, _d.PreActivation);

    [Benchmark]
    public void Avx2() => DenseQ3_12Avx2.Instance.Forward(_d.Weights, _d.Bias, 0, _d.Input, Q.InputFrac, _d.In, _d.Out, _d.PreActivation);

    [Benchmark]
    public void Avx512() => DenseQ3_12Avx512.Instance.Forward(_d.Weights, _d.Bias, 0, _d.Input, Q.InputFrac, _d.In, _d.Out, _d.PreActivation);

    [Benchmark(Baseline = true)]
    public void FloatTensorPrimitives() => FloatDense.Forward(_d.FloatWeights, _d.FloatBias, _d.FloatInput, _d.In, _d.Out, _d.FloatOutput);
}
