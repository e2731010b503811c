using Edge.Core.Hardware;
using Edge.Core.Numerics;

namespace Edge.Boards.Simulated;

/// <summary>
/// The analog inputs of a simulated board as the firmware sees them: <see cref="Present"/> puts ideal voltages
/// on the channels, <see cref="Read"/> converts them through the board's own <see cref="SimulatedAnalogPath"/>
/// with fresh noise on every read. The noise generator is <c>new Pcg32(serial, BoardStreams.Noise)</c>, restarted
/// whenever the board is opened, so a given serial and sequence of stimuli always gives the same codes.
/// </summary>
public sealed class SimulatedAnalogInput : IAnalogInput
{
    private readonly SimulatedAnalogPath _path;
    private readonly int[] _stimulusMicrovolts;
    private readonly Pcg32 _noise;

    internal SimulatedAnalogInput(SimulatedAnalogPath path)
    {
        _path = path;
        _stimulusMicrovolts = new int[path.Channels];
        _noise = new Pcg32(path.Serial, BoardStreams.Noise);
    }

    public int ChannelCount => _path.Channels;

    public int AdcBits => _path.Profile.Inputs.AdcBits;

    /// <summary>
    /// Stores the stimulus (microvolts, one per channel) until the next Present. Channels past
    /// <paramref name="count"/> sit at 0 V. Always true: a simulated board can be driven.
    /// </summary>
    public bool Present(int[] microvolts, int count)
    {
        ArgumentNullException.ThrowIfNull(microvolts);
        if (count < 0 || count > microvolts.Length) throw new ArgumentOutOfRangeException(nameof(count), count, $"stimulus array holds {microvolts.Length} values");
        if (count > _stimulusMicrovolts.Length) throw new ArgumentException($"board has {_stimulusMicrovolts.Length} channels, stimulus has {count}", nameof(count));
        Array.Copy(microvolts, _stimulusMicrovolts, count);
        Array.Clear(_stimulusMicrovolts, count, _stimulusMicrovolts.Length - count);
        return true;
    }

    /// <summary>One conversion of every channel (fresh noise each time); allocation-free.</summary>
    public void Read(int[] codes) => _path.Read(_stimulusMicrovolts, codes, _noise);
}
