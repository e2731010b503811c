namespace Edge.Host.Learn;

/// <summary>The learning algorithms `edge bench learn` compares.</summary>
public enum Algorithm
{
    /// <summary>Float backprop (Adam, or SGD with --optimizer sgd): the reference.</summary>
    Backprop,
    /// <summary>Activity perturbation, every hidden layer against the network loss.</summary>
    ActivityPerturbation,
    /// <summary>Activity perturbation with a local loss per hidden layer.</summary>
    ActivityPerturbationLocal,
    /// <summary>Weight perturbation (SPSA), the baseline.</summary>
    WeightPerturbation,
    /// <summary>Only the output layer learns: the control.</summary>
    ReadoutOnly,
}

/// <summary>Everything that defines one learning run; two runs with equal settings give equal results.</summary>
public sealed record LearnSettings
{
    /// <summary>The data set's spec (digits, fashion14, csv:PATH), for reports; the defaults never look at it.</summary>
    public string Data { get; init; } = "";
    public required Algorithm Algorithm { get; init; }
    public required int[] Hidden { get; init; }
    public required int Epochs { get; init; }
    public ulong Seed { get; init; } = 1;
    /// <summary>Integer fixed point (the device's arithmetic) or float (the same learner in float).</summary>
    public bool FixedPoint { get; init; } = true;
    public int Directions { get; init; } = 1;
    public int Groups { get; init; } = 1;
    public double Sigma { get; init; } = 0.01;
    public double HiddenLearningRate { get; init; } = 0.01;
    public double OutputLearningRate { get; init; } = 0.1;
    public int BatchSize { get; init; } = 16;
    /// <summary>How float backprop steps (Adam by default; SGD as before).</summary>
    public Reference.Optimizer Optimizer { get; init; } = Reference.Optimizer.Sgd;
    /// <summary>On-device step control of the fixed-point learners (<see cref="Edge.Core.Learning.StepControl"/>).</summary>
    public bool StepControl { get; init; }
    public bool ActiveOnly { get; init; }
    public bool CentralDifferences { get; init; }
    /// <summary>Learning-rate schedule: constant, or linear decay to 10 % at the last epoch.</summary>
    public bool LinearDecay { get; init; }
    public int AdcBits { get; init; } = 12;
    /// <summary>Bits kept below each int16 weight's LSB: 16 (int32 masters), 8, 4, 2, or 0 (stochastic rounding).</summary>
    public int ExtraWeightBits { get; init; } = 16;
    public double AdcNoiseLsb { get; init; }

    public static string AlgorithmName(Algorithm algorithm) => algorithm switch
    {
        Algorithm.Backprop => "bp",
        Algorithm.ActivityPerturbation => "ap",
        Algorithm.ActivityPerturbationLocal => "ap-local",
        Algorithm.WeightPerturbation => "wp",
        Algorithm.ReadoutOnly => "readout",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    public static Algorithm? ParseAlgorithm(string name) => name switch
    {
        "bp" => Algorithm.Backprop,
        "ap" => Algorithm.ActivityPerturbation,
        "ap-local" => Algorithm.ActivityPerturbationLocal,
        "wp" => Algorithm.WeightPerturbation,
        "readout" => Algorithm.ReadoutOnly,
        _ => null,
    };
}
