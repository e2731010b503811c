using Edge.Core.Learning;
using Edge.Core.Storage;

namespace Edge.Host.Learn;

/// <summary>
/// Everything that defines one learning run; two runs with equal settings give equal results. The learner's
/// settings are the core's <see cref="LearnerSettings"/> (<see cref="Learner"/>), the one list of them; this
/// record adds only what belongs to a run: the data, the architecture, epochs, seed, fixed point or float,
/// backprop's optimizer, the schedule and the ADC. σ and the rates are the learner's Q15.16 values, which the
/// float twins run on too (as the reals they are, <see cref="LearnerSettings.FromQ16"/>); float backprop, not a
/// perturbation learner, has its own step size (<see cref="BackpropRate"/>: Adam's 0.001 has no exact Q15.16).
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
    /// σ, rates, K, G, batch, active-only, central, extra weight bits and step control. Treated as immutable:
    /// change it with <see cref="WithLearner"/> or <see cref="WithRates"/>, which copy it. Its seed and algorithm
    /// are set by <see cref="CoreSettings"/>.
    /// </summary>
    public LearnerSettings Learner { get; init; } = new();
    /// <summary>How float backprop steps (Adam by default; SGD as before).</summary>
    public Reference.Optimizer Optimizer { get; init; } = Reference.Optimizer.Sgd;
    /// <summary>Float backprop's step size (its optimizer's learning rate, both layers).</summary>
    public double BackpropRate { get; init; } = 0.01;
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

    /// <summary>A copy with the learner's rates set to the Q15.16 nearest <paramref name="hidden"/> and <paramref name="output"/>.</summary>
    public LearnSettings WithRates(double hidden, double output) => WithLearner(l =>
    {
        l.HiddenLearningRateQ16 = LearnerSettings.ToQ16(hidden);
        l.OutputLearningRateQ16 = LearnerSettings.ToQ16(output);
    });

    /// <summary>A copy with the learner's σ set to the Q15.16 nearest <paramref name="sigma"/>.</summary>
    public LearnSettings WithSigma(double sigma) => WithLearner(l => l.SigmaQ16 = LearnerSettings.ToQ16(sigma));

    /// <summary>A new copy of the learner's settings as a fixed-point learner (or a board) takes them: with this run's algorithm and seed.</summary>
    public LearnerSettings CoreSettings()
    {
        LearnerSettings core = Learner.Clone();
        core.Algorithm = Algorithm;
        core.Seed = Seed;
        return core;
    }

    /// <summary>The CLI name of an algorithm id (the core's one table).</summary>
    public static string AlgorithmName(byte algorithm) =>
        LearningAlgorithm.Name(algorithm) ?? throw new ArgumentOutOfRangeException(nameof(algorithm));

    /// <summary>The id of a CLI name, or null when unknown.</summary>
    public static byte? ParseAlgorithm(string name) => LearningAlgorithm.FromName(name) is var id && id != 0 ? id : null;
}
