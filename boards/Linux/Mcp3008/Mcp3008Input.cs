using System.Device.Spi;
using Edge.Core.Hardware;
using Iot.Device.Adc;

namespace Edge.Boards.Linux.Mcp3008;

/// <summary>
/// Analog inputs read by MCP3008 chips (10 bits, 8 single-ended channels each) through the
/// <c>Iot.Device.Adc.Mcp3008</c> driver, one chip per <see cref="SpiDevice"/> (one chip select each):
/// board channel c is CH(c mod 8) of chip c / 8. Codes are the chip's 10-bit codes unchanged.
/// A real board reads live sensors, so <see cref="Present"/> returns false unless a presenter (the
/// emulated front end) is given.
/// </summary>
public sealed class Mcp3008Input : IAnalogInput, IDisposable
{
    public const int ChannelsPerChip = 8;
    public const int Bits = 10;

    private readonly Iot.Device.Adc.Mcp3008[] _chips;
    private readonly Func<int[], int, bool>? _present;

    /// <param name="spiDevices">One SPI device per chip, in channel order; the input owns and disposes them.</param>
    /// <param name="channels">Channels used (at most 8 per chip).</param>
    /// <param name="present">Drives the inputs with a stimulus (emulation), or null for live sensors.</param>
    public Mcp3008Input(IReadOnlyList<SpiDevice> spiDevices, int channels, Func<int[], int, bool>? present = null)
    {
        ArgumentNullException.ThrowIfNull(spiDevices);
        if (channels < 1 || channels > spiDevices.Count * ChannelsPerChip)
            throw new ArgumentOutOfRangeException(nameof(channels), channels, $"{spiDevices.Count} MCP3008 chips read 1..{spiDevices.Count * ChannelsPerChip} channels");
        _chips = spiDevices.Select(d => new Iot.Device.Adc.Mcp3008(d)).ToArray();
        ChannelCount = channels;
        _present = present;
    }

    public int ChannelCount { get; }

    public int AdcBits => Bits;

    public int ChipCount => _chips.Length;

    public bool Present(int[] microvolts, int count) => _present != null && _present(microvolts, count);

    /// <summary>One conversion per channel, chip by chip (one 3-byte SPI transfer each).</summary>
    public void Read(int[] codes)
    {
        if (codes.Length < ChannelCount) throw new ArgumentException($"need room for {ChannelCount} codes, got {codes.Length}", nameof(codes));
        for (int c = 0; c < ChannelCount; c++)
            codes[c] = _chips[c / ChannelsPerChip].Read(c % ChannelsPerChip);
    }

    public void Dispose()
    {
        foreach (Iot.Device.Adc.Mcp3008 chip in _chips) chip.Dispose();
    }
}
