using System.Device.Spi;
using Edge.Boards.Emulated;

namespace Edge.Tests.LinuxBoards;

/// <summary>The unmodified Iot.Device.Adc.Mcp3008 driver against the emulated chip: known voltages read back within one LSB.</summary>
public class EmulatedMcp3008Tests
{
    private const double Vref = 3.3;
    private static readonly SpiConnectionSettings Settings = new(0, 0) { ClockFrequency = 1_000_000, Mode = SpiMode.Mode0 };

    [Fact]
    public void EveryChannelReadsItsVoltageWithinOneLsb()
    {
        var pins = new FixedVoltages(8);
        using var adc = new Iot.Device.Adc.Mcp3008(new EmulatedMcp3008(pins, 0, Vref, Settings));
        double lsb = Vref / 1024;
        foreach (double volts in new[] { 0.0, 0.002, 0.5, 1.0, 1.65, 2.4, 3.1, 3.3 - lsb })
        {
            // A different voltage on every channel, so a wrong channel decode can't pass.
            for (int ch = 0; ch < 8; ch++) pins[ch] = Math.Min(volts + ch * 0.013, Vref - lsb);
            for (int ch = 0; ch < 8; ch++)
            {
                int code = adc.Read(ch);
                double ideal = pins[ch] / lsb;
                Assert.True(Math.Abs(code - ideal) <= 1.0, $"ch {ch} at {pins[ch]:F4} V read {code}, ideal {ideal:F2}");
            }
        }
    }

    [Fact]
    public void InputsBeyondTheRailsClip()
    {
        var pins = new FixedVoltages(8);
        using var adc = new Iot.Device.Adc.Mcp3008(new EmulatedMcp3008(pins, 0, Vref, Settings));
        pins[3] = 5.0;
        pins[4] = -0.2;
        Assert.Equal(1023, adc.Read(3));
        Assert.Equal(0, adc.Read(4));
    }

    [Fact]
    public void DifferentialModeReadsThePairDifference()
    {
        var pins = new FixedVoltages(8);
        var chip = new EmulatedMcp3008(pins, 0, Vref, Settings);
        using var adc = new Iot.Device.Adc.Mcp3008(chip);
        pins[2] = 2.0;
        pins[3] = 0.5;
        Assert.InRange(adc.ReadPseudoDifferential(2, 3), 465, 466); // (2.0 − 0.5) V · 1024 / 3.3 = 465.45

        // D2 D1 D0 = 011 (SGL/DIFF = 0): CH3 is IN+, CH2 is IN− (datasheet table 5-2); negative reads 0.
        Assert.Equal(0, WireCode(chip, singleEnded: false, select: 3));
        pins[3] = 2.5;
        Assert.InRange(WireCode(chip, singleEnded: false, select: 3), 155, 156); // 0.5 V
        Assert.Equal(0, WireCode(chip, singleEnded: false, select: 2));
    }

    private static int WireCode(EmulatedMcp3008 chip, bool singleEnded, int select)
    {
        byte[] miso = new byte[3];
        chip.TransferFullDuplex(new byte[] { 0x01, (byte)((singleEnded ? 0x80 : 0) | select << 4), 0 }, miso);
        return (miso[1] & 3) << 8 | miso[2];
    }

    [Fact]
    public void ChipOffsetPicksBoardChannels()
    {
        var pins = new FixedVoltages(16);
        pins[8 + 5] = 1.0;
        using var adc = new Iot.Device.Adc.Mcp3008(new EmulatedMcp3008(pins, 8, Vref, Settings));
        Assert.InRange(adc.Read(5), 310, 311);
        Assert.Equal(0, adc.Read(0));
    }

    [Fact]
    public void WireFormatHasTheDatasheetBitLayout()
    {
        var pins = new FixedVoltages(8);
        pins[6] = 0x2A5 * Vref / 1024; // code 0x2A5 = 10 1010 0101
        var chip = new EmulatedMcp3008(pins, 0, Vref, Settings);
        byte[] miso = new byte[3];
        chip.TransferFullDuplex(new byte[] { 0x01, 0x80 | 6 << 4, 0x00 }, miso);
        Assert.Equal(0, miso[0]);
        Assert.Equal(0, miso[1] & 0x04);           // null bit
        Assert.Equal(0x02, miso[1] & 0x03);        // B9 B8
        Assert.Equal(0xA5, miso[2]);               // B7..B0
        Assert.Equal(1, chip.Conversions);

        // Four bytes: the chip goes on with B1..B9 LSB first.
        byte[] longer = new byte[4];
        chip.TransferFullDuplex(new byte[] { 0x01, 0x80 | 6 << 4, 0, 0 }, longer);
        int tail = longer[3]; // bits after B0: B1 B2 … B8
        int expected = 0;
        for (int k = 1; k <= 8; k++) expected = expected << 1 | (0x2A5 >> k & 1);
        Assert.Equal(expected, tail);
    }

    [Fact]
    public void NoStartBitNoConversion()
    {
        var chip = new EmulatedMcp3008(new FixedVoltages(8), 0, Vref, Settings);
        byte[] miso = { 0xFF, 0xFF, 0xFF };
        chip.TransferFullDuplex(new byte[3], miso);
        Assert.Equal(new byte[3], miso);
        Assert.Equal(0, chip.Conversions);
    }

    [Fact]
    public void RejectsSettingsTheChipCannotFollow()
    {
        var pins = new FixedVoltages(8);
        Assert.Throws<ArgumentException>(() => new EmulatedMcp3008(pins, 0, Vref, new SpiConnectionSettings(0, 0) { Mode = SpiMode.Mode1 }));
        Assert.Throws<ArgumentException>(() => new EmulatedMcp3008(pins, 0, Vref, new SpiConnectionSettings(0, 0) { ClockFrequency = 10_000_000 }));
        Assert.Throws<ArgumentException>(() => new EmulatedMcp3008(pins, 0, Vref, new SpiConnectionSettings(0, 0) { DataFlow = DataFlow.LsbFirst }));
    }
}
