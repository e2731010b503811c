using Edge.Core.Learning;
using Edge.Core.Storage;

namespace Edge.Host.Learn;

/// <summary>
/// Everything that defines one learning run; two runs with equal settings give equal results. The learner's
/// settings are the core's <see cref="LearnerSettings"/> (<see cref="Learner"/>), the one list of them; this
/// record adds only what belongs to a run: the data, the architecture, epochs, seed, fixed point or float,
/// the optimizer of backprop, the schedule and the ADC. Rates and σ are kept as the real numbers asked for
/// (<see cref="Sigma"/>, <see cref="HiddenLearningRate"/>, <see cref="OutputLearningRate"/>): the float
/// learners run on them as they are (Adam's 0.001 has no exact Q15.16), the fixed-point learners on their
/// Q15.16, which <see cref="CoreSettings"/> writes into the learner's settings.
/// </summary>
public sealed record LearnSettings
{
    /// <summary>The data set's spec (digits, fashion14, csv:PATH), for reports; the defaults never look at it.</summary>
    public string Data { get; init; } = "";
    /// <summary>A <see cref="LearningAlgorithm"/> id (<see cref="LearningAlgorithm.Backprop"/> included).</summary>
    public required byte Algorithm { get; init; }
    public required int[] Hidden { get; init; }
    public required int Epochs { get; init; }
    /// <summary>Seed of the initial weights, the order, the perturbations (the learner's seed) and the ADC noise.</summary>
    public ulong Seed { get; init; } = 1;
    /// <summary>Integer fixed point (the device's arithmetic) or float (the same learner in float).</summary>
    public bool FixedPoint { get; init; } = true;
    /// <summary>
    /// K, G, batch, active-only, central, extra weight bits and step control. Treated as immutable: change it
    /// with <see cref="WithLearner"/>, which copies it. Its rates, σ, seed and algorithm are set by <see cref="CoreSettings"/>.
    /// </summary>
    public LearnerSettings Learner { get; init; } = new();
    /// <summary>Perturbation size σ, as a real number.</summary>
    public double Sigma { get; init; } = 0.01;
    /// <summary>Learning rate of the hidden layers, as a real number.</summary>
    public double HiddenLearningRate { get; init; } = 0.01;
    /// <summary>Learning rate of the output layer, as a real number.</summary>
    public double OutputLearningRate { get; init; } = 0.1;
    /// <summary>How float backprop steps (Adam by default; SGD as before).</summary>
    public Reference.Optimizer Optimizer { get; init; } = Reference.Optimizer.Sgd;
    /// <summary>Learning-rate schedule: constant, or linear decay to 10 % at the last epoch.</summary>
    public bool LinearDecay { get; init; }
    public int AdcBits { get; init; } = 12;
    public double AdcNoiseLsb { get; init; }

    /// <summary>A copy whose learner settings are a changed copy of these.</summary>
    public LearnSettings WithLearner(Action<LearnerSettings> change)
    {
        LearnerSettings copy = Learner.Clone();
        change(copy);
        return this with { Learner = copy };
    }

    /// <summary>
    /// A new copy of the learner's settings as a fixed-point learner (or a board) takes them: with this run's
    /// algorithm, seed, and rates and σ in Q15.16.
    /// </summary>
    public LearnerSettings CoreSettings()
    {
        LearnerSettings core = Learner.Clone();
        core.Algorithm = Algorithm;
        core.Seed = Seed;
        core.SigmaQ16 = LearnerSettings.ToQ16(Sigma);
        core.HiddenLearningRateQ16 = LearnerSettings.ToQ16(HiddenLearningRate);
        core.OutputLearningRateQ16 = LearnerSettings.ToQ16(OutputLearningRate);
        return core;
    }

    /// <summary>The CLI name of an algorithm id (the core's one table).</summary>
    public static string AlgorithmName(byte algorithm) =>
        LearningAlgorithm.Name(algorithm) ?? throw new ArgumentOutOfRangeException(nameof(algorithm));

    /// <summary>The id of a CLI name, or null when unknown.</summary>
    public static byte? ParseAlgorithm(string name) => LearningAlgorithm.FromName(name) is var id && id != 0 ? id : null;
}
