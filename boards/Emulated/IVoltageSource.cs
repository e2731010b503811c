namespace Edge.Boards.Emulated;

/// <summary>
/// What an emulated ADC chip's input pins see: the voltage on a board-wide channel at the instant a
/// conversion samples it. Called once per conversion, so a noisy source gives fresh noise every read.
/// </summary>
public interface IVoltageSource
{
    /// <summary>Voltage on <paramref name="channel"/> (board-wide index) relative to ground, in volts.</summary>
    double SampleVolts(int channel);
}
