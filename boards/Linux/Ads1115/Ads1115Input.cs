using System.Device.I2c;
using Edge.Core.Hardware;
using Iot.Device.Ads1115;

namespace Edge.Boards.Linux.Ads1115;

/// <summary>
/// Analog inputs read by ADS1115 chips (16-bit signed, 4 single-ended inputs each) through the
/// <c>Iot.Device.Ads1115.Ads1115</c> driver, one chip per <see cref="I2cDevice"/> (one address each):
/// board channel c is AIN(c mod 4) of chip c / 4, read single-ended (MUX AINx − GND) in single-shot mode
/// (<see cref="DeviceMode.PowerDown"/>: every read starts its own conversion on the new channel).
/// <para>
/// Codes: single-ended inputs only use the positive half of the int16 range, so the raw reading is
/// clamped to 0 … 32767 and reported as a 15-bit code (LSB = full scale / 32768: 125 µV at ±4.096 V).
/// A slightly negative reading near 0 V (offset) becomes 0.
/// </para>
/// <para>
/// PGA: the smallest range whose full scale is at least the profile's vref_mv (rpi-ads1115: 4096 mV →
/// ±4.096 V); data rate 128 SPS, where the datasheet's noise is about 1 LSB (a read of 16 channels takes
/// about 16 × 8 ms). Both can be overridden.
/// </para>
/// </summary>
public sealed class Ads1115Input : IAnalogInput, IDisposable
{
    public const int ChannelsPerChip = 4;
    public const int Bits = 15;
    public const DataRate DefaultDataRate = DataRate.SPS128;

    private static readonly (MeasuringRange Range, int Millivolts)[] Ranges =
    [
        (MeasuringRange.FS0256, 256), (MeasuringRange.FS0512, 512), (MeasuringRange.FS1024, 1024),
        (MeasuringRange.FS2048, 2048), (MeasuringRange.FS4096, 4096), (MeasuringRange.FS6144, 6144),
    ];

    private readonly Iot.Device.Ads1115.Ads1115[] _chips;
    private readonly Func<int[], int, bool>? _present;

    /// <param name="i2cDevices">One I2C device per chip, in channel order; the input owns and disposes them.</param>
    /// <param name="channels">Channels used (at most 4 per chip).</param>
    /// <param name="range">PGA full scale of every read.</param>
    /// <param name="dataRate">Conversion rate.</param>
    /// <param name="present">Drives the inputs with a stimulus (emulation), or null for live sensors.</param>
    public Ads1115Input(IReadOnlyList<I2cDevice> i2cDevices, int channels, MeasuringRange range = MeasuringRange.FS4096,
        DataRate dataRate = DefaultDataRate, Func<int[], int, bool>? present = null)
    {
        ArgumentNullException.ThrowIfNull(i2cDevices);
        if (channels < 1 || channels > i2cDevices.Count * ChannelsPerChip)
            throw new ArgumentOutOfRangeException(nameof(channels), channels, $"{i2cDevices.Count} ADS1115 chips read 1..{i2cDevices.Count * ChannelsPerChip} channels");
        Range = range;
        DataRate = dataRate;
        _chips = i2cDevices.Select(d => new Iot.Device.Ads1115.Ads1115(d, InputMultiplexer.AIN0, range, dataRate, DeviceMode.PowerDown)).ToArray();
        ChannelCount = channels;
        _present = present;
    }

    public int ChannelCount { get; }

    public int AdcBits => Bits;

    public MeasuringRange Range { get; }

    public DataRate DataRate { get; }

    public int ChipCount => _chips.Length;

    /// <summary>The smallest PGA range whose full scale is at least <paramref name="millivolts"/> (±6.144 V if none).</summary>
    public static MeasuringRange RangeFor(double millivolts)
    {
        foreach (var (range, mv) in Ranges)
            if (mv >= millivolts) return range;
        return MeasuringRange.FS6144;
    }

    /// <summary>Full scale of a PGA range in millivolts.</summary>
    public static int FullScaleMillivolts(MeasuringRange range) => Ranges.First(r => r.Range == range).Millivolts;

    /// <summary>The single-ended mux setting of input <paramref name="input"/> (0–3): AIN0 … AIN3 against GND.</summary>
    public static InputMultiplexer SingleEnded(int input) => input switch
    {
        0 => InputMultiplexer.AIN0,
        1 => InputMultiplexer.AIN1,
        2 => InputMultiplexer.AIN2,
        3 => InputMultiplexer.AIN3,
        _ => throw new ArgumentOutOfRangeException(nameof(input), input, "an ADS1115 has inputs 0..3"),
    };

    public bool Present(int[] microvolts, int count) => _present != null && _present(microvolts, count);

    /// <summary>One single-shot conversion per channel (config write, busy poll, conversion read).</summary>
    public void Read(int[] codes)
    {
        if (codes.Length < ChannelCount) throw new ArgumentException($"need room for {ChannelCount} codes, got {codes.Length}", nameof(codes));
        for (int c = 0; c < ChannelCount; c++)
        {
            short raw = _chips[c / ChannelsPerChip].ReadRaw(SingleEnded(c % ChannelsPerChip), Range, DataRate);
            codes[c] = raw < 0 ? 0 : raw;
        }
    }

    public void Dispose()
    {
        foreach (Iot.Device.Ads1115.Ads1115 chip in _chips) chip.Dispose();
    }
}
