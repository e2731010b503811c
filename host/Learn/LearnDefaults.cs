using Edge.Core.Learning;
using Edge.Core.Storage;
using Edge.Core.Model;
using Edge.Host.Data;

namespace Edge.Host.Learn;

/// <summary>What the defaults may depend on: the shape of the data, never its name.</summary>
public sealed record DataShape(int Inputs, int Classes, int TrainSamples)
{
    public static DataShape Of(Dataset data) => new(data.FeatureCount, data.ClassCount, data.TrainCount);
}

/// <summary>
/// One set of defaults for every data set: `edge bench learn --data D --algo A` (and `edge flash`, `edge train`)
/// take their settings from the layer sizes, the number of training samples and a compute budget, never from
/// the data set's name. Step control (<see cref="Edge.Core.Learning.StepControl"/>) makes a rate the size of a
/// weight's step whatever the scale of the data, so one rate serves all. docs/learning.md records how the
/// values were chosen and what they give on data nobody tuned for.
/// </summary>
public static class LearnDefaults
{
    /// <summary>The most passes over the training split.</summary>
    public const int MaxEpochs = 200;
    /// <summary>Training samples a run may spend in all (epochs × training split), the compute budget.</summary>
    public const long SampleBudget = 4_000_000;
    /// <summary>Multiply-accumulates a training step may spend, in clean forward passes.</summary>
    public const int MacBudget = 8;
    /// <summary>Samples per mini-batch.</summary>
    public const int BatchSize = 16;
    /// <summary>
    /// The learning rate of a run of T mini-batches is RateScale / √T (the step size that a fixed budget of T
    /// stochastic steps calls for), within [<see cref="MinRate"/>, <see cref="MaxRate"/>]: 0.05 for digits'
    /// 16,212 batches, 0.013 for 4 million samples.
    /// </summary>
    public const double RateScale = 6.4, MinRate = 0.005, MaxRate = 0.1;

    /// <summary>Hidden width when none is given: about half the inputs, at least 32 and at most 128, a power of two.</summary>
    public static int[] Hidden(DataShape shape) => [(int)Math.Clamp(BitCeiling(Math.Max(1, shape.Inputs / 2)), 32, 128)];

    /// <summary>Passes over the training split: the sample budget, at most <see cref="MaxEpochs"/>.</summary>
    public static int Epochs(DataShape shape) => (int)Math.Clamp(SampleBudget / Math.Max(1, shape.TrainSamples), 1, MaxEpochs);

    /// <summary>The rate of the step-controlled learners for a run over <paramref name="shape"/>'s training split, default epochs.</summary>
    public static double Rate(DataShape shape) => Rate(shape, Epochs(shape));

    /// <summary>The rate of a run of <paramref name="epochs"/> passes over <paramref name="shape"/>'s training split (a shorter or longer budget).</summary>
    public static double Rate(DataShape shape, int epochs)
    {
        long batches = Math.Max(1L, epochs) * ((Math.Max(1, shape.TrainSamples) + BatchSize - 1) / BatchSize);
        return Math.Round(Math.Clamp(RateScale / Math.Sqrt(batches), MinRate, MaxRate), 4);
    }

    /// <summary>
    /// The defaults of <paramref name="algorithm"/> for data of <paramref name="shape"/>, the given hidden widths
    /// (default: <see cref="Hidden"/>) and a run of <paramref name="epochs"/> (default: <see cref="Epochs"/>; the rate follows it).
    /// </summary>
    public static LearnSettings For(byte algorithm, DataShape shape, int[]? hidden = null, int? epochs = null)
    {
        hidden ??= Hidden(shape);
        int runEpochs = epochs ?? Epochs(shape);
        var settings = new LearnSettings
        {
            Algorithm = algorithm,
            Hidden = hidden,
            Epochs = runEpochs,
            Learner = new LearnerSettings { BatchSize = BatchSize },
            LinearDecay = true,
        };
        return algorithm switch
        {
            LearningAlgorithm.Backprop => settings with { Optimizer = Reference.Optimizer.Adam, BackpropRate = 0.001, LinearDecay = false },
            LearningAlgorithm.WeightPerturbation => settings.WithSigma(0.01).WithRates(0.01, 0.1) with { LinearDecay = false },
            // Readout, the control, learns its layer exactly as ap learns its output layer.
            _ => settings.WithLearner(l => { l.StepControl = true; l.Groups = Groups(algorithm, shape, hidden); })
                .WithSigma(0.05).WithRates(Rate(shape, runEpochs), Rate(shape, runEpochs)),
        };
    }

    /// <summary>
    /// Groups G of each hidden layer's units: every unit alone (G = the widest layer) where the perturbed
    /// passes are column passes through a digital head (one hidden layer, or local losses), which cost one
    /// head pass in all. With full passes through further hidden layers, the most groups that keep a
    /// training step within <see cref="MacBudget"/> clean forward passes.
    /// </summary>
    public static int Groups(byte algorithm, DataShape shape, int[] hidden)
    {
        if (hidden.Length == 0) return 1;
        int widest = hidden.Max();
        if (algorithm != LearningAlgorithm.ActivityPerturbation || hidden.Length == 1) return widest;
        var network = new Network(LearnBenchmark.Sizes(shape.Inputs, hidden, shape.Classes));
        long forward = network.ForwardMacs;
        // a step: the clean pass, the weight updates (one pass's worth), the top layer's columns, G full passes per lower layer
        long fixedCost = 2 * forward + network.MacsFrom(network.LayerCount - 1);
        long perGroup = 0;
        for (int l = 0; l < hidden.Length - 1; l++) perGroup += network.MacsFrom(l + 1);
        long groups = (MacBudget * forward - fixedCost) / Math.Max(1, perGroup);
        return (int)Math.Clamp(groups, 1, widest);
    }

    private static long BitCeiling(int value) => 1L << (32 - int.LeadingZeroCount(value - 1));
}
