using Edge.Boards.Profiles;
using Edge.Core.Kernels;
using Edge.Core.Numerics;

namespace Edge.Boards.Simulated;

/// <summary>
/// Physical hidden units of a simulated analog board: unit i of layer l computes
/// h = slope_i · f(z − θ_i), f = max(0, ·) ("relu") or a ReLU with a quadratic knee ("softplus-ish"),
/// rounded and saturated into Q4.11. Slopes and thresholds are drawn once from the board serial
/// (<c>new Pcg32(serial, BoardStreams.Neurons)</c>); the firmware never sees them, it only runs Forward.
/// With zero spread and shape "relu" this is bit-identical to <see cref="Relu"/>.
/// Forward is integer-only and allocation-free.
/// </summary>
public sealed class AnalogNeurons : IActivation
{
    public const int MaxLayers = 4;
    public const int MaxUnitsPerLayer = 1024;

    /// <summary>Per-unit slopes are clamped to [1/16, 4) so every unit still conducts and Q2.16 holds it.</summary>
    public const double MinSlope = 1.0 / 16, MaxSlope = 4.0 - 1.0 / 65536;

    /// <summary>Half-width of the softplus-ish knee in Q15.16 (0.25): the knee spans 0.5 and 4·w = 2^16.</summary>
    private const int KneeHalfWidth = Q.One16 / 4;

    private const int SlopeFrac = 16;

    private readonly int[] _slopeQ2_16;      // per unit, Q2.16
    private readonly int[] _thresholdQ15_16; // per unit, Q15.16
    private readonly NeuronShape _shape;

    public AnalogNeurons(AnalogNeuronProfile profile, uint serial)
    {
        ArgumentNullException.ThrowIfNull(profile);
        _shape = profile.Shape;
        Serial = serial;
        _slopeQ2_16 = new int[MaxLayers * MaxUnitsPerLayer];
        _thresholdQ15_16 = new int[MaxLayers * MaxUnitsPerLayer];
        var rng = new Pcg32(serial, BoardStreams.Neurons);
        for (int i = 0; i < _slopeQ2_16.Length; i++)
        {
            double slope = Math.Clamp(1.0 + profile.SlopeSpread * Gaussian.NextClamped(rng, SimulatedAnalogPath.SpreadClampSigma), MinSlope, MaxSlope);
            double threshold = profile.ThresholdSpread * Gaussian.NextClamped(rng, SimulatedAnalogPath.SpreadClampSigma);
            _slopeQ2_16[i] = (int)Math.Floor(slope * (1 << SlopeFrac) + 0.5);
            _thresholdQ15_16[i] = (int)Math.Floor(threshold * Q.One16 + 0.5);
        }
    }

    /// <summary>The analog neurons of board <paramref name="serial"/> of <paramref name="profile"/>.</summary>
    public static AnalogNeurons ForBoard(BoardProfile profile, uint serial) =>
        new(profile.AnalogNeurons ?? throw new ArgumentException($"profile {profile.Name} has no analog_neurons", nameof(profile)), serial);

    public uint Serial { get; }

    /// <summary>Slope of a unit (quantised to Q2.16).</summary>
    public double Slope(int layer, int unit) => _slopeQ2_16[Index(layer, unit)] / (double)(1 << SlopeFrac);

    /// <summary>Threshold of a unit in activation units (quantised to Q15.16).</summary>
    public double Threshold(int layer, int unit) => _thresholdQ15_16[Index(layer, unit)] / (double)Q.One16;

    /// <summary>Pre-activations int32 Q15.16 in, activations int16 Q4.11 out (rounded, saturated).</summary>
    public void Forward(int layer, int[] preActivation, short[] activation, int count)
    {
        if ((uint)layer >= MaxLayers) throw new ArgumentOutOfRangeException(nameof(layer), layer, $"analog boards have {MaxLayers} layers");
        if ((uint)count > MaxUnitsPerLayer) throw new ArgumentOutOfRangeException(nameof(count), count, $"analog layers have {MaxUnitsPerLayer} units");
        const int shift = SlopeFrac + Q.ValueFrac - Q.ActivationFrac; // Q2.16 × Q15.16 → Q4.11
        int first = layer * MaxUnitsPerLayer;
        bool smooth = _shape == NeuronShape.SoftplusIsh;
        for (int i = 0; i < count; i++)
        {
            long u = (long)preActivation[i] - _thresholdQ15_16[first + i]; // |u| < 2^32
            long rectified;
            if (!smooth) rectified = u > 0 ? u : 0;
            else if (u <= -KneeHalfWidth) rectified = 0;
            else if (u >= KneeHalfWidth) rectified = u;
            else
            {
                long v = u + KneeHalfWidth;                       // [0, 2w), Q15.16
                rectified = Sat.ShiftRound(v * v, Q.ValueFrac);   // v² / (4w), 4w = 2^16
            }
            activation[i] = Sat.ShiftRound16(rectified * _slopeQ2_16[first + i], shift); // |product| < 2^50
        }
    }

    private static int Index(int layer, int unit)
    {
        if ((uint)layer >= MaxLayers) throw new ArgumentOutOfRangeException(nameof(layer));
        if ((uint)unit >= MaxUnitsPerLayer) throw new ArgumentOutOfRangeException(nameof(unit));
        return layer * MaxUnitsPerLayer + unit;
    }
}
