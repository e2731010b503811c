using System.Device.Gpio;
using System.Device.I2c;
using System.Device.Spi;
using System.Globalization;
using Edge.Boards.Emulated;
using Edge.Boards.Linux.Ads1115;
using Edge.Boards.Linux.Mcp3008;
using Edge.Boards.Profiles;
using Edge.Boards.Simulated;
using Edge.Core.Hardware;

namespace Edge.Boards.Linux;

/// <summary>
/// Opens a Linux ADC board from its profile (kind linux-mcp3008 or linux-ads1115): on real hardware the
/// SPI / I2C devices of the profile's pins (<c>SpiDevice.Create</c>, <c>I2cDevice.Create</c>) and the GPIO
/// controller; with <c>emulate</c>, emulated chips and GPIO behind the same drivers. Errors that a user can
/// fix (missing /dev node, GPIO not available) are <see cref="LinuxBoardException"/>s with one clear line.
/// </summary>
public static class LinuxBoards
{
    /// <summary>SPI clock for the MCP3008: 1 MHz (the chip takes 1.35 MHz at 2.7 V, 3.6 MHz at 5 V).</summary>
    public const int Mcp3008ClockHz = 1_000_000;
    /// <summary>Serial of an emulated board when none is given.</summary>
    public const uint DefaultEmulatedSerial = 1;

    /// <summary>True for the profile kinds this factory opens.</summary>
    public static bool Supports(BoardProfile profile) => profile.Kind is BoardKind.LinuxMcp3008 or BoardKind.LinuxAds1115;

    /// <summary>Default flash folder: <c>&lt;EdgeHome&gt;/boards/&lt;profile&gt;-&lt;serial&gt;</c>, with "-emulated" after the profile name when emulated.</summary>
    public static string DefaultFlashDirectory(BoardProfile profile, uint serial, bool emulate) =>
        SimulatedBoard.DefaultFlashDirectory(profile.Name + (emulate ? "-emulated" : ""), serial);

    /// <summary>
    /// Opens the board of <paramref name="profile"/> with its flash in <paramref name="flashDirectory"/>.
    /// </summary>
    /// <param name="emulate">Emulated chips and GPIO (no hardware needed) instead of /dev/spidev*, /dev/i2c-*, /dev/gpiochip*.</param>
    /// <param name="serial">Board serial; default: the Pi's serial number on hardware (0 if unknown), 1 emulated.
    /// An emulated board's front-end spread and noise are seeded by it.</param>
    /// <param name="gpio">A GPIO controller to use instead of the default one (tests pass one over a fake
    /// <see cref="GpioDriver"/>); the board does not dispose it.</param>
    /// <exception cref="LinuxBoardException">The profile is not a Linux ADC board, or its hardware is missing.</exception>
    /// <exception cref="IOException">Another process has this board's flash open.</exception>
    public static LinuxAdcBoard Open(BoardProfile profile, string flashDirectory, bool emulate, uint? serial = null, GpioController? gpio = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentException.ThrowIfNullOrEmpty(flashDirectory);
        if (!Supports(profile))
            throw new LinuxBoardException($"{profile.Name}: kind {profile.Kind} is not a Linux ADC board (linux-mcp3008 or linux-ads1115)");
        PinProfile pins = profile.Pins ?? throw new LinuxBoardException($"{profile.Name}: the profile has no pins");
        uint boardSerial = serial ?? (emulate ? DefaultEmulatedSerial : ReadPiSerial() ?? 0);

        string flash = Path.GetFullPath(flashDirectory);
        Directory.CreateDirectory(flash);
        FileStream flashLock = AcquireLock(flash, profile.Name);
        var disposables = new List<IDisposable>();
        try
        {
            EmulatedFrontEnd? frontEnd = emulate ? new EmulatedFrontEnd(profile, boardSerial) : null;
            Func<int[], int, bool>? present = frontEnd == null ? null : (microvolts, count) => { frontEnd.Present(microvolts, count); return true; };
            var spiChips = new List<EmulatedMcp3008>();
            var i2cChips = new List<EmulatedAds1115>();
            IAnalogInput input;
            if (profile.Kind == BoardKind.LinuxMcp3008)
            {
                int bus = pins.SpiBus ?? throw new LinuxBoardException($"{profile.Name}: pins.spi_bus is missing");
                int[] chipSelects = pins.ChipSelects ?? throw new LinuxBoardException($"{profile.Name}: pins.chip_selects is missing");
                var devices = new List<SpiDevice>();
                for (int chip = 0; chip < chipSelects.Length; chip++)
                {
                    var settings = new SpiConnectionSettings(bus, chipSelects[chip]) { ClockFrequency = Mcp3008ClockHz, Mode = SpiMode.Mode0 };
                    SpiDevice device;
                    if (frontEnd != null)
                    {
                        var emulated = new EmulatedMcp3008(frontEnd, chip * Mcp3008Input.ChannelsPerChip, frontEnd.VrefVolts, settings);
                        spiChips.Add(emulated);
                        device = emulated;
                    }
                    else
                    {
                        RequireDevice($"/dev/spidev{bus}.{chipSelects[chip]}", "enable SPI (raspi-config) and, for chip selects past 1, a cs-gpios overlay (boards/Linux/Mcp3008/README.md)");
                        device = SpiDevice.Create(settings);
                    }
                    devices.Add(device);
                    disposables.Add(device);
                }
                input = new Mcp3008Input(devices, profile.Inputs.Channels, present);
            }
            else
            {
                if (profile.Inputs.AdcBits != Ads1115Input.Bits)
                    throw new LinuxBoardException($"{profile.Name}: an ADS1115 board reads single-ended 15-bit codes, the profile says adc_bits {profile.Inputs.AdcBits}");
                int bus = pins.I2cBus ?? throw new LinuxBoardException($"{profile.Name}: pins.i2c_bus is missing");
                int[] addresses = pins.I2cAddresses ?? throw new LinuxBoardException($"{profile.Name}: pins.i2c_addresses is missing");
                var range = Ads1115Input.RangeFor(profile.Inputs.VrefMv);
                var devices = new List<I2cDevice>();
                for (int chip = 0; chip < addresses.Length; chip++)
                {
                    var settings = new I2cConnectionSettings(bus, addresses[chip]);
                    I2cDevice device;
                    if (frontEnd != null)
                    {
                        // The PGA's own reference error: the profile's per-board Vref spread.
                        var emulated = new EmulatedAds1115(frontEnd, chip * Ads1115Input.ChannelsPerChip, settings,
                            frontEnd.VrefVolts * 1000.0 / profile.Inputs.VrefMv);
                        i2cChips.Add(emulated);
                        device = emulated;
                    }
                    else
                    {
                        RequireDevice($"/dev/i2c-{bus}", "enable I2C (raspi-config) (boards/Linux/Ads1115/README.md)");
                        device = I2cDevice.Create(settings);
                    }
                    devices.Add(device);
                    disposables.Add(device);
                }
                input = new Ads1115Input(devices, profile.Inputs.Channels, range, Ads1115Input.DefaultDataRate, present);
            }
            disposables.Clear();
            disposables.Add((IDisposable)input);

            bool wantsGpio = pins.ButtonPin != null || pins.LedPin != null;
            bool ownsGpio = false;
            EmulatedGpioDriver? gpioDriver = null;
            if (gpio == null && wantsGpio)
            {
                if (emulate)
                {
                    gpioDriver = new EmulatedGpioDriver();
                    gpio = new GpioController(gpioDriver);
                }
                else
                {
                    gpio = OpenGpio(profile.Name);
                }
                ownsGpio = true;
                disposables.Add(gpio);
            }
            EmulatedLinuxParts? parts = frontEnd == null ? null : new EmulatedLinuxParts(frontEnd, spiChips.ToArray(), i2cChips.ToArray(), gpioDriver);
            return new LinuxAdcBoard(profile, boardSerial, input, flash, flashLock, gpio, ownsGpio, parts);
        }
        catch
        {
            foreach (IDisposable d in disposables) d.Dispose();
            flashLock.Dispose();
            throw;
        }
    }

    /// <summary>The Raspberry Pi's serial number (low 32 bits of /proc/device-tree/serial-number), or null off a Pi.</summary>
    public static uint? ReadPiSerial()
    {
        try
        {
            const string path = "/proc/device-tree/serial-number";
            if (!File.Exists(path)) return null;
            string text = File.ReadAllText(path).Trim('\0', ' ', '\n');
            if (text.Length > 8) text = text[^8..];
            return uint.TryParse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uint serial) ? serial : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void RequireDevice(string path, string hint)
    {
        if (!File.Exists(path)) throw new LinuxBoardException($"no {path}: {hint}; or run with --emulate");
    }

    private static GpioController OpenGpio(string profile)
    {
        try
        {
            return new GpioController();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new LinuxBoardException($"{profile}: cannot open GPIO for the button and LED ({e.Message}); or run with --emulate", e);
        }
    }

    private static FileStream AcquireLock(string directory, string profile)
    {
        try
        {
            return new FileStream(Path.Combine(directory, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException($"board {profile} is in use by another process (locked: {directory})", e);
        }
    }
}

/// <summary>A Linux board that can't be opened as asked; the message is one line for the user.</summary>
public sealed class LinuxBoardException(string message, Exception? inner = null) : Exception(message, inner);
