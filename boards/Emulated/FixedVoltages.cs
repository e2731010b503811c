namespace Edge.Boards.Emulated;

/// <summary>Noise-free voltages that stay where they are set: a bench supply on every pin (tests).</summary>
public sealed class FixedVoltages : IVoltageSource
{
    private readonly double[] _volts;

    public FixedVoltages(int channels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        _volts = new double[channels];
    }

    public int Channels => _volts.Length;

    /// <summary>The voltage on a channel, in volts.</summary>
    public double this[int channel]
    {
        get => _volts[channel];
        set => _volts[channel] = value;
    }

    /// <summary>Puts the same voltage on every channel.</summary>
    public void SetAll(double volts) => Array.Fill(_volts, volts);

    public double SampleVolts(int channel) => _volts[channel];
}
