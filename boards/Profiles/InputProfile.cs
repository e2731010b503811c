namespace Edge.Boards.Profiles;

/// <summary>
/// The analog inputs of a kind of board: the converter and the spread between individual boards.
/// Spreads are standard deviations of Gaussians drawn once per board from its serial number.
/// </summary>
/// <param name="Channels">Number of analog input channels.</param>
/// <param name="AdcBits">Converter resolution; codes are in [0, 2^bits − 1].</param>
/// <param name="VrefMv">Nominal reference voltage in millivolts.</param>
/// <param name="VrefSpreadMv">σ of the per-board reference voltage in millivolts.</param>
/// <param name="AttenuationDb">Input attenuation; full scale = Vref · 10^(dB/20) (ESP32: 11 dB ≈ ×3.55).</param>
/// <param name="NoiseLsb">σ of the Gaussian noise added to every read, in LSB.</param>
/// <param name="GainSpread">Relative σ of the per-channel gain (0.05 = 5 %).</param>
/// <param name="OffsetSpreadLsb">σ of the per-channel offset, in LSB.</param>
/// <param name="InlLsb">Peak amplitude of the board's own integral nonlinearity wiggle, in LSB.</param>
/// <param name="Nonlinearity">Profile-wide transfer curve.</param>
/// <param name="Clip">True: readings saturate at 0 and 2^bits − 1 like a real converter. False: codes are
/// reported unclamped (diagnostics only; consumers must clamp).</param>
public sealed record InputProfile(
    int Channels,
    int AdcBits,
    double VrefMv,
    double VrefSpreadMv,
    double AttenuationDb,
    double NoiseLsb,
    double GainSpread,
    double OffsetSpreadLsb,
    double InlLsb,
    NonlinearityProfile Nonlinearity,
    bool Clip)
{
    /// <summary>Largest code, 2^bits − 1.</summary>
    public int MaxCode => (1 << AdcBits) - 1;

    /// <summary>Nominal full-scale input voltage in millivolts (the voltage of code 2^bits).</summary>
    public double FullScaleMv => VrefMv * Math.Pow(10.0, AttenuationDb / 20.0);
}
