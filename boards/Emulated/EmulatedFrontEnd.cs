using Edge.Boards.Profiles;
using Edge.Boards.Simulated;
using Edge.Core.Numerics;

namespace Edge.Boards.Emulated;

/// <summary>
/// The analog world in front of a Linux board's emulated ADC chips: a presented stimulus (ideal
/// microvolts per channel) becomes the pin voltage v = µV · gain_c / 10^6 + offset_c + noise. The
/// per-channel gain and offset and the board's reference voltage are drawn from the profile's spreads
/// with the serial as seed (the streams of <see cref="BoardStreams"/>, as a simulated board of that
/// profile does); the noise (σ = noise_lsb LSB) is drawn afresh at every conversion from
/// <c>Pcg32(serial, BoardStreams.Noise)</c>, so a run repeats exactly. The chips do the quantisation:
/// this class never rounds. The profile's INL and nonlinearity are left out: they belong to the
/// converter, and the emulated chips are ideal converters.
/// </summary>
public sealed class EmulatedFrontEnd : IVoltageSource
{
    private readonly double[] _gain;
    private readonly double[] _offsetVolts;
    private readonly int[] _stimulusMicrovolts;
    private readonly double _noiseVolts;
    private readonly Pcg32 _noise;

    public EmulatedFrontEnd(BoardProfile profile, uint serial)
    {
        ArgumentNullException.ThrowIfNull(profile);
        InputProfile inputs = profile.Inputs;
        int n = inputs.Channels;
        var rng = new Pcg32(serial, BoardStreams.Vref);
        VrefVolts = (inputs.VrefMv + inputs.VrefSpreadMv * Gaussian.NextClamped(rng, SimulatedAnalogPath.SpreadClampSigma)) / 1000.0;
        // One LSB at the nominal full scale: the profile gives offsets and noise in LSB.
        LsbVolts = inputs.FullScaleMv / 1000.0 / (1 << inputs.AdcBits);

        _gain = new double[n];
        rng.Reseed(serial, BoardStreams.Gain);
        for (int c = 0; c < n; c++) _gain[c] = 1.0 + inputs.GainSpread * Gaussian.NextClamped(rng, SimulatedAnalogPath.SpreadClampSigma);
        _offsetVolts = new double[n];
        rng.Reseed(serial, BoardStreams.Offset);
        for (int c = 0; c < n; c++) _offsetVolts[c] = inputs.OffsetSpreadLsb * LsbVolts * Gaussian.NextClamped(rng, SimulatedAnalogPath.SpreadClampSigma);

        _noiseVolts = inputs.NoiseLsb * LsbVolts;
        _noise = new Pcg32(serial, BoardStreams.Noise);
        _stimulusMicrovolts = new int[n];
        Serial = serial;
    }

    public uint Serial { get; }

    public int Channels => _stimulusMicrovolts.Length;

    /// <summary>This board's reference voltage (the chips' VREF pin), volts.</summary>
    public double VrefVolts { get; }

    /// <summary>One LSB of the profile's converter at nominal full scale, volts.</summary>
    public double LsbVolts { get; }

    /// <summary>Relative gain of a channel's front end (1 = nominal).</summary>
    public double Gain(int channel) => _gain[channel];

    /// <summary>Offset of a channel's front end, volts.</summary>
    public double OffsetVolts(int channel) => _offsetVolts[channel];

    /// <summary>Drives the pins with a stimulus (µV per channel); channels past <paramref name="count"/> sit at 0 V.</summary>
    public void Present(int[] microvolts, int count)
    {
        ArgumentNullException.ThrowIfNull(microvolts);
        if (count < 0 || count > microvolts.Length) throw new ArgumentOutOfRangeException(nameof(count), count, $"stimulus array holds {microvolts.Length} values");
        if (count > _stimulusMicrovolts.Length) throw new ArgumentException($"board has {_stimulusMicrovolts.Length} channels, stimulus has {count}", nameof(count));
        Array.Copy(microvolts, _stimulusMicrovolts, count);
        Array.Clear(_stimulusMicrovolts, count, _stimulusMicrovolts.Length - count);
    }

    public double SampleVolts(int channel)
    {
        double volts = _stimulusMicrovolts[channel] * 1e-6 * _gain[channel] + _offsetVolts[channel];
        if (_noiseVolts > 0) volts += _noiseVolts * Gaussian.Next(_noise);
        return volts;
    }
}
