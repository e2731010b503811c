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
    int DefaultGroups, double LoadAverage)
{
    public double WpStepOverForward => WpStepSeconds / ForwardSeconds;
    public long MacsPerInference => StepBenchmark.MacsPerInference(Sizes);
    public long MacsPerApStep => StepBenchmark.MacsPerApStep(Sizes, 1, DefaultGroups);
}

/// <summary>
/// Times a clean forward pass and one training sample (activity perturbation and weight
/// perturbation) on random Q0.15 inputs and labels, with the host's accelerated kernels and with the
/// portable ones. The step includes its share of the mini-batch commit (every BatchSize samples).
/// Forward pass and AP step are timed in alternating short runs; step_over_forward is the median of
/// the per-run ratios.
/// </summary>
public static class StepBenchmark
{
    private const int Pool = 64;

    public static StepTimes Measure(string data, int groups, int directions, double seconds)
    {
        LearnSettings ap = LearnDefaults.For(data, Algorithm.ActivityPerturbation);
        int[] sizes = [data == "digits" ? 64 : 196, .. ap.Hidden, 10];
        var apTimed = ap with { Groups = groups, Directions = directions };
        var wp = LearnDefaults.For(data, Algorithm.WeightPerturbation) with { Directions = directions };

        var (inputs, labels) = RandomSamples(sizes[0], Pool, seed: 3);
        // forward and step in alternating runs: their ratio is what the figure is about
        var (forward, apStep, stepOverForward) = PerfTimer.MeasurePair(
            Forward(Build(sizes, apTimed, accelerated: true).Network, inputs),
            Steps(Build(sizes, apTimed, accelerated: true), inputs, labels), seconds);
        Timing wpStep = PerfTimer.Measure(Steps(Build(sizes, wp, accelerated: true), inputs, labels), seconds);
        var (portableForward, portableStep, portableStepOverForward) = PerfTimer.MeasurePair(
            Forward(Build(sizes, apTimed, accelerated: false).Network, inputs),
            Steps(Build(sizes, apTimed, accelerated: false), inputs, labels), seconds);

        var stateBytes = new SortedDictionary<int, int>(Comparer<int>.Create((a, b) => b.CompareTo(a)));
        foreach (int extraBits in new[] { 16, 8, 4, 2, 0 })
            stateBytes[extraBits] = Build(sizes, ap with { ExtraWeightBits = extraBits }, accelerated: false).StateBytes;
        Network reference = new(sizes);
        return new StepTimes(data, sizes, groups, directions, forward.Median, apStep.Median, wpStep.Median,
                             portableForward.Median, portableStep.Median, apStep.Best / forward.Best,
                             stepOverForward, portableStepOverForward, stateBytes, reference.StateBytes, reference.ParameterCount, ap.Groups,
                             PerfTimer.LoadAverage() ?? double.NaN);
    }

    /// <summary>Multiply-accumulates of one clean forward pass: Σ_l in_l · out_l.</summary>
    public static long MacsPerInference(int[] sizes)
    {
        long macs = 0;
        for (int l = 0; l + 1 < sizes.Length; l++) macs += (long)sizes[l] * sizes[l + 1];
        return macs;
    }

    /// <summary>
    /// Multiply-accumulates of one AP sample (forward differences, global loss): the clean pass, K·G
    /// perturbed passes per hidden layer through the layers above it, and one multiply-add per weight
    /// for the update (an upper bound: zero inputs and units with a zero estimate are skipped).
    /// </summary>
    public static long MacsPerApStep(int[] sizes, int directions, int groups)
    {
        long forward = MacsPerInference(sizes);
        long perturbed = 0;
        for (int hidden = 0; hidden + 2 < sizes.Length; hidden++)
            for (int l = hidden + 1; l + 1 < sizes.Length; l++)
                perturbed += (long)directions * groups * sizes[l] * sizes[l + 1];
        return forward + perturbed + forward;
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
