namespace Edge.Boards.Profiles;

/// <summary>Transfer curve family of a board's physical hidden units.</summary>
public enum NeuronShape
{
    /// <summary>"relu": h = slope · max(0, z − θ).</summary>
    Relu,
    /// <summary>"softplus-ish": like relu, but with a quadratic knee 0.5 wide instead of a corner.</summary>
    SoftplusIsh,
}

/// <summary>Analog hidden units: each unit has its own slope and threshold, drawn from the board serial.</summary>
/// <param name="SlopeSpread">Relative σ of the per-unit slope (0.3 = 30 %).</param>
/// <param name="ThresholdSpread">σ of the per-unit threshold θ, in activation units (1.0 = one Q4.11 unit).</param>
/// <param name="Shape">Curve family.</param>
public sealed record AnalogNeuronProfile(double SlopeSpread, double ThresholdSpread, NeuronShape Shape);
