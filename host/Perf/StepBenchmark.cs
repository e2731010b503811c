using Edge.Core.Storage;
using Edge.Accelerated;
using Edge.Core.Kernels;
using Edge.Core.Learning;
using Edge.Core.Model;
using Edge.Core.Numerics;
using Edge.Host.Learn;

namespace Edge.Host.Perf;

/// <summary>What one training step of a network costs on this host, against one clean forward pass.</summary>
public sealed record StepTimes(
    string Data, int[] Sizes, int Groups, int Directions,
    double ForwardSeconds, double ApStepSeconds, double WpStepSeconds,
    double PortableForwardSeconds, double PortableApStepSeconds, double BestStepOverForward,
    double StepOverForward, double PortableStepOverForward,
    IReadOnlyDictionary<int, int> ApStateBytesByExtraBits, int NetworkStateBytes, int ParameterCount,
    long MacsPerInference, double MacsPerApStep, double LoadAverage)
{
    public double WpStepOverForward => WpStepSeconds / ForwardSeconds;
}

/// <summary>
/// Times a clean forward pass and one training sample (the activity-perturbation learner a user gets by default,
/// and weight perturbation) on random Q0.15 inputs and labels, with the host's accelerated kernels and with the
/// portable ones. The step includes its share of the mini-batch commit (every BatchSize samples).
/// Forward pass and AP step are timed in alternating short runs; step_over_forward is the median of
/// the per-run ratios. Multiply-accumulates are the learner's own count.
/// </summary>
public static class StepBenchmark
{
    private const int Pool = 64;

    /// <summary>The two networks timed: digits' (64 inputs) and Fashion-MNIST 14×14's (196), 10 classes, default hidden widths.</summary>
    public static readonly (string Data, DataShape Shape)[] Networks =
    [
        ("digits", new DataShape(64, 10, TrainSamples: 1297)),
        ("fashion14", new DataShape(196, 10, TrainSamples: 60000)),
    ];

    /// <param name="groups">G of the timed AP step; null for the default learner's.</param>
    public static StepTimes Measure(string data, DataShape shape, int? groups, int directions, double seconds)
    {
        LearnSettings ap = LearnDefaults.For(LearningAlgorithm.ActivityPerturbation, shape);
        int[] sizes = LearnBenchmark.Sizes(shape.Inputs, ap.Hidden, shape.Classes);
        var apTimed = ap.WithLearner(l => { l.Groups = groups ?? l.Groups; l.Directions = directions; });
        var wp = LearnDefaults.For(LearningAlgorithm.WeightPerturbation, shape).WithLearner(l => l.Directions = directions);

        var (inputs, labels) = RandomSamples(sizes[0], Pool, seed: 3);
        Learner counted = Build(sizes, apTimed, accelerated: true);
        // forward and step in alternating runs: their ratio is what the figure is about
        var (forward, apStep, stepOverForward) = PerfTimer.MeasurePair(
            Forward(Build(sizes, apTimed, accelerated: true).Network, inputs),
            Steps(counted, inputs, labels), seconds);
        Timing wpStep = PerfTimer.Measure(Steps(Build(sizes, wp, accelerated: true), inputs, labels), seconds);
        var (portableForward, portableStep, portableStepOverForward) = PerfTimer.MeasurePair(
            Forward(Build(sizes, apTimed, accelerated: false).Network, inputs),
            Steps(Build(sizes, apTimed, accelerated: false), inputs, labels), seconds);

        var stateBytes = new SortedDictionary<int, int>(Comparer<int>.Create((a, b) => b.CompareTo(a)));
        foreach (int extraBits in new[] { 16, 8, 4, 2, 0 })
            stateBytes[extraBits] = Build(sizes, apTimed.WithLearner(l => l.ExtraWeightBits = extraBits), accelerated: false).StateBytes;
        Network reference = new(sizes);
        return new StepTimes(data, sizes, apTimed.Learner.Groups, directions, forward.Median, apStep.Median, wpStep.Median,
                             portableForward.Median, portableStep.Median, apStep.Best / forward.Best,
                             stepOverForward, portableStepOverForward, stateBytes, reference.StateBytes, reference.ParameterCount,
                             reference.ForwardMacs, (double)counted.MultiplyAccumulates / Math.Max(1, counted.Samples),
                             PerfTimer.LoadAverage() ?? double.NaN);
    }

    private static Learner Build(int[] sizes, LearnSettings settings, bool accelerated)
    {
        var network = new Network(sizes);
        if (accelerated) HostKernels.Accelerate(network);
        network.Initialize(settings.Seed);
        return FixedPointTrainee.Create(network, settings);
    }

    private static (short[][] Inputs, int[] Labels) RandomSamples(int width, int count, ulong seed)
    {
        var rng = new Pcg32(seed, 5);
        var inputs = new short[count][];
        var labels = new int[count];
        for (int s = 0; s < count; s++)
        {
            inputs[s] = new short[width];
            for (int i = 0; i < width; i++) inputs[s][i] = (short)rng.NextInt(32768);   // like ADC codes in Q0.15
            labels[s] = rng.NextInt(10);
        }
        return (inputs, labels);
    }

    /// <summary>One clean forward pass per call, cycling through the inputs.</summary>
    private static Action Forward(Network network, short[][] inputs)
    {
        int next = 0;
        return () =>
        {
            Array.Copy(inputs[next], network.Input, network.InputCount);
            network.Forward();
            next = (next + 1) % inputs.Length;
        };
    }

    /// <summary>One training sample per call, cycling through the inputs and labels.</summary>
    private static Action Steps(Learner learner, short[][] inputs, int[] labels)
    {
        int next = 0;
        return () =>
        {
            Array.Copy(inputs[next], learner.Network.Input, learner.Network.InputCount);
            learner.Target.SetLabel(labels[next]);
            learner.Train();
            next = (next + 1) % inputs.Length;
        };
    }
}
