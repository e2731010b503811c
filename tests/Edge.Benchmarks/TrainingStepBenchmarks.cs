using Edge.Core.Storage;
using BenchmarkDotNet.Attributes;
using Edge.Accelerated;
using Edge.Core.Kernels;
using Edge.Core.Learning;
using Edge.Core.Model;
using Edge.Core.Numerics;
using Edge.Host.Learn;

namespace Edge.Benchmarks;

/// <summary>
/// One training sample (with its share of the mini-batch commit) on the digits and Fashion nets:
/// activity perturbation (K = 1, G = 1) with the host's kernels and with the portable ones, weight
/// perturbation, and one clean forward pass for scale. Random Q0.15 inputs and labels.
/// </summary>
public class TrainingStepBenchmarks
{
    [Params("digits", "fashion14")]
    public string Data { get; set; } = "digits";

    private Learner _ap = null!, _apPortable = null!, _wp = null!;
    private short[][] _inputs = null!;
    private int[] _labels = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var shape = Edge.Host.Perf.StepBenchmark.Networks.First(n => n.Data == Data).Shape;
        LearnSettings ap = LearnDefaults.For(LearningAlgorithm.ActivityPerturbation, shape);
        LearnSettings wp = LearnDefaults.For(LearningAlgorithm.WeightPerturbation, shape);
        int[] sizes = LearnBenchmark.Sizes(shape.Inputs, ap.Hidden, shape.Classes);
        _ap = Build(sizes, ap, accelerated: true);
        _apPortable = Build(sizes, ap, accelerated: false);
        _wp = Build(sizes, wp, accelerated: true);
        var rng = new Pcg32(3, 5);
        _inputs = new short[64][];
        _labels = new int[64];
        for (int s = 0; s < _inputs.Length; s++)
        {
            _inputs[s] = new short[sizes[0]];
            for (int i = 0; i < sizes[0]; i++) _inputs[s][i] = (short)rng.NextInt(32768);
            _labels[s] = rng.NextInt(10);
        }
    }

    private static Learner Build(int[] sizes, LearnSettings settings, bool accelerated)
    {
        var network = new Network(sizes);
        if (accelerated) HostKernels.Accelerate(network);
        network.Initialize(settings.Seed);
        return FixedPointTrainee.Create(network, settings);
    }

    private void Step(Learner learner)
    {
        int s = _next;
        _next = (s + 1) & 63;
        Array.Copy(_inputs[s], learner.Network.Input, _inputs[s].Length);
        learner.Target.SetLabel(_labels[s]);
        learner.Train();
    }

    [Benchmark(Baseline = true)]
    public void Forward()
    {
        int s = _next;
        _next = (s + 1) & 63;
        Array.Copy(_inputs[s], _ap.Network.Input, _inputs[s].Length);
        _ap.Network.Forward();
    }

    [Benchmark]
    public void ApStep() => Step(_ap);

    [Benchmark]
    public void ApStepPortable() => Step(_apPortable);

    [Benchmark]
    public void WpStep() => Step(_wp);
}
