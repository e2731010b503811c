using System.Device.I2c;
using Edge.Boards.Emulated;
using Iot.Device.Ads1115;

namespace Edge.Tests.LinuxBoards;

/// <summary>The unmodified Iot.Device.Ads1115 driver against the emulated chip's register map.</summary>
public class EmulatedAds1115Tests
{
    private static readonly InputMultiplexer[] SingleEnded = [InputMultiplexer.AIN0, InputMultiplexer.AIN1, InputMultiplexer.AIN2, InputMultiplexer.AIN3];

    public static TheoryData<MeasuringRange, double> Ranges => new()
    {
        { MeasuringRange.FS6144, 6.144 },
        { MeasuringRange.FS4096, 4.096 },
        { MeasuringRange.FS2048, 2.048 },
        { MeasuringRange.FS0256, 0.256 },
    };

    [Theory]
    [MemberData(nameof(Ranges))]
    public void EverySingleEndedInputReadsItsVoltageWithinOneLsb(MeasuringRange range, double fullScale)
    {
        var pins = new FixedVoltages(4);
        var chip = new EmulatedAds1115(pins, 0, new I2cConnectionSettings(1, 0x48)) { BusyReads = 2 };
        using var adc = new Ads1115(chip, InputMultiplexer.AIN0, range, DataRate.SPS128, DeviceMode.PowerDown);
        double lsb = fullScale / 32768;
        foreach (double fraction in new[] { 0.0, 0.001, 0.25, 0.5, 0.9, 0.999 })
        {
            for (int input = 0; input < 4; input++) pins[input] = fullScale * fraction * (1 - 0.01 * input);
            for (int input = 0; input < 4; input++)
            {
                short raw = adc.ReadRaw(SingleEnded[input], range, DataRate.SPS128);
                double ideal = pins[input] / lsb;
                Assert.True(Math.Abs(raw - ideal) <= 1.0, $"AIN{input} at {pins[input]:F5} V, {range}: read {raw}, ideal {ideal:F2}");
                Assert.Equal(pins[input], adc.RawToVoltage(raw).Volts, lsb);
            }
        }
    }

    [Fact]
    public void ConfigRegisterHoldsWhatTheDriverWrote()
    {
        var chip = new EmulatedAds1115(new FixedVoltages(4), 0, new I2cConnectionSettings(1, 0x49));
        using var adc = new Ads1115(chip, InputMultiplexer.AIN2, MeasuringRange.FS2048, DataRate.SPS860, DeviceMode.PowerDown);
        adc.ReadRaw();
        ushort config = chip.Config;
        Assert.Equal(0b110, config >> 12 & 7);   // MUX AIN2 − GND
        Assert.Equal(0b010, config >> 9 & 7);    // PGA ±2.048 V
        Assert.Equal(1, config >> 8 & 1);        // single-shot
        Assert.Equal(0b111, config >> 5 & 7);    // 860 SPS
        Assert.Equal(0b11, config & 3);          // comparator disabled
    }

    [Fact]
    public void ContinuousModeAndDifferentialInputsWork()
    {
        var pins = new FixedVoltages(4);
        pins[0] = 1.0;
        pins[1] = 1.5;
        var chip = new EmulatedAds1115(pins, 0, new I2cConnectionSettings(1, 0x4B));
        using var adc = new Ads1115(chip, InputMultiplexer.AIN0_AIN1, MeasuringRange.FS4096); // driver default: continuous
        Assert.InRange(adc.ReadRaw(), -4001, -3999); // −0.5 V at 125 µV/LSB
        pins[0] = 2.0;
        Assert.InRange(adc.ReadRaw(), 3999, 4001);   // a fresh conversion, no new config needed
        Assert.Equal(0, chip.Config >> 8 & 1);       // the driver left it in continuous mode
    }

    [Fact]
    public void ThresholdRegistersReadBackAndWrongRegistersNack()
    {
        var chip = new EmulatedAds1115(new FixedVoltages(4), 0, new I2cConnectionSettings(1, 0x48));
        chip.Write(new byte[] { 2, 0x12, 0x34 });
        var read = new byte[2];
        chip.WriteRead(new byte[] { 2 }, read);
        Assert.Equal(new byte[] { 0x12, 0x34 }, read);
        chip.WriteRead(new byte[] { 3 }, read);
        Assert.Equal(new byte[] { 0x7F, 0xFF }, read);
        Assert.Throws<IOException>(() => chip.Write(new byte[] { 0x04 }));
        Assert.Throws<ArgumentException>(() => new EmulatedAds1115(new FixedVoltages(4), 0, new I2cConnectionSettings(1, 0x50)));
    }

    [Fact]
    public void ConversionRegisterKeepsTheOldValueWhileBusy()
    {
        var pins = new FixedVoltages(4);
        var chip = new EmulatedAds1115(pins, 0, new I2cConnectionSettings(1, 0x48)) { BusyReads = 2 };
        pins[0] = 1.024;
        chip.Write(new byte[] { 1, 0xC3, 0x83 }); // OS, AIN0, ±4.096 V, single-shot
        var read = new byte[2];
        chip.WriteRead(new byte[] { 1 }, read);
        Assert.Equal(0, read[0] & 0x80);           // busy
        chip.WriteRead(new byte[] { 0 }, read);
        Assert.Equal(new byte[] { 0, 0 }, read);   // not there yet
        chip.WriteRead(new byte[] { 1 }, read);
        Assert.Equal(0x80, read[0] & 0x80);        // done
        chip.WriteRead(new byte[] { 0 }, read);
        Assert.Equal(8192, read[0] << 8 | read[1]);
    }
}
