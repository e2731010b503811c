using Edge.Core.Protocol;
using Edge.Host.Cli;

namespace Edge.Host.Stimuli;

/// <summary>
/// Turns data-set features in [0, 1] into the stimulus a board is shown: microvolts over the board's nominal full
/// scale, one value per channel. A data set with fewer features than the board has channels drives its first
/// channels and leaves the rest at 0 V; more features than channels is an error. The values are multiples of
/// <see cref="StepMicrovolts"/>, the smallest step whose 65535 multiples cover full scale, so the protocol's
/// compact uint16 encoding carries them exactly (half the bytes of int32 per stimulus).
/// </summary>
public sealed class StimulusEncoder
{
    private readonly double _unitsPerFeature;

    /// <param name="channels">The board's channel count (HELLO).</param>
    /// <param name="features">The data set's feature count.</param>
    /// <param name="fullScaleMicrovolts">The board's nominal full scale (what feature 1.0 becomes).</param>
    public StimulusEncoder(int channels, int features, double fullScaleMicrovolts)
    {
        if (features > channels)
            throw new CliException($"the data set has {features} features but the board has only {channels} input channels");
        if (!(fullScaleMicrovolts > 0) || fullScaleMicrovolts > 65535.0 * StimulusEncoding.MaxStep)
            throw new ArgumentOutOfRangeException(nameof(fullScaleMicrovolts), fullScaleMicrovolts, "full scale must be in (0, 2147 V]");
        Channels = channels;
        Features = features;
        FullScaleMicrovolts = fullScaleMicrovolts;
        StepMicrovolts = Math.Max(1, (int)Math.Ceiling(fullScaleMicrovolts / 65535.0));
        _unitsPerFeature = fullScaleMicrovolts / StepMicrovolts;
    }

    public int Channels { get; }
    public int Features { get; }
    public double FullScaleMicrovolts { get; }

    /// <summary>Every stimulus value is a multiple of this (µV); set it as the client's StimulusStepMicrovolts.</summary>
    public int StepMicrovolts { get; }

    /// <summary>
    /// Writes one stimulus: channel i &lt; features gets round(clamp(f, 0, 1) · full scale / step) · step µV (round
    /// half up), the other channels 0. NaN reads as 0 V. Allocates nothing.
    /// </summary>
    public void Encode(float[] features, int[] microvolts)
    {
        if (features.Length != Features) throw new ArgumentException($"expected {Features} features, got {features.Length}", nameof(features));
        if (microvolts.Length != Channels) throw new ArgumentException($"expected room for {Channels} channels", nameof(microvolts));
        for (int i = 0; i < features.Length; i++)
        {
            double f = features[i];
            f = f > 0 ? (f < 1 ? f : 1) : 0; // NaN fails both tests: 0
            microvolts[i] = (int)Math.Floor(f * _unitsPerFeature + 0.5) * StepMicrovolts;
        }
        Array.Clear(microvolts, features.Length, Channels - features.Length);
    }

    /// <summary>Stimuli for every row (one array each), e.g. a whole split encoded once before many epochs.</summary>
    public int[][] EncodeAll(float[][] rows)
    {
        var result = new int[rows.Length][];
        for (int n = 0; n < rows.Length; n++)
        {
            result[n] = new int[Channels];
            Encode(rows[n], result[n]);
        }
        return result;
    }
}
