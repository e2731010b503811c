using System.Device.Gpio;
using Edge.Boards.Emulated;
using Edge.Boards.Linux.Gpio;
using Edge.Boards.Profiles;
using Edge.Boards.Simulated;
using Edge.Core.Hardware;
using Edge.Core.Kernels;

namespace Edge.Boards.Linux;

/// <summary>
/// A Linux board (Raspberry Pi) whose analog inputs are ADC chips read through the Iot.Device.Bindings
/// drivers: MCP3008 over SPI (<see cref="Mcp3008.Mcp3008Input"/>) or ADS1115 over I2C
/// (<see cref="Ads1115.Ads1115Input"/>). Its flash is a folder of slot files (<see cref="FileSlotStorage"/>),
/// held under an exclusive lock while open. A label button and a status LED on GPIO (optional) let it
/// learn from live sensors without a host (<see cref="ButtonTrainer"/>).
/// <para>
/// On real hardware the inputs are live sensors and <see cref="IAnalogInput.Present"/> returns false. An
/// emulated board (<see cref="LinuxBoards.Open"/> with emulate) runs the same drivers against emulated chips
/// (<see cref="EmulatedMcp3008"/>, <see cref="EmulatedAds1115"/>) whose pins a presented stimulus drives, so it
/// can be trained and tested through <c>Present</c>. Made by <see cref="LinuxBoards.Open"/>.
/// </para>
/// </summary>
public sealed class LinuxAdcBoard : IBoard, IDisposable
{
    private readonly IDisposable _inputOwner;
    private readonly GpioController? _gpio;
    private readonly bool _ownsGpio;
    private readonly FileStream _lock;
    private long _operations;
    private bool _disposed;

    internal LinuxAdcBoard(BoardProfile profile, uint serial, IAnalogInput input, string flashDirectory, FileStream flashLock,
        GpioController? gpio, bool ownsGpio, EmulatedLinuxParts? emulated)
    {
        BoardProfile = profile;
        Serial = serial;
        Input = input;
        _inputOwner = (IDisposable)input;
        FlashDirectory = flashDirectory;
        _lock = flashLock;
        Storage = new FileSlotStorage(flashDirectory);
        _gpio = gpio;
        _ownsGpio = ownsGpio;
        Emulated = emulated;
        PinProfile? pins = profile.Pins;
        if (gpio != null && pins?.ButtonPin is int button) Button = new LabelButton(gpio, button, classCount: 10);
        if (gpio != null && pins?.LedPin is int led) Led = new StatusLed(gpio, led);
    }

    public string Profile => BoardProfile.Name;

    public BoardProfile BoardProfile { get; }

    public uint Serial { get; }

    public IAnalogInput Input { get; }

    public IStorage Storage { get; }

    /// <summary>Digital ReLU: the chips only convert, the Pi computes.</summary>
    public IActivation? HiddenActivation => null;

    /// <summary>A real board has no modelled end of life.</summary>
    public bool IsAlive => true;

    /// <summary>Memory the runtime may still take (GC budget minus heap in use), bytes.</summary>
    public long FreeMemory
    {
        get
        {
            long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes - GC.GetTotalMemory(false);
            return available > 0 ? available : -1;
        }
    }

    /// <summary>Operations counted since the board was opened (no wear model on real hardware).</summary>
    public long OperationsUsed => Interlocked.Read(ref _operations);

    public string FlashDirectory { get; }

    /// <summary>True when the chips (and GPIO) are emulated.</summary>
    public bool IsEmulated => Emulated != null;

    /// <summary>The emulated chips, front end and GPIO driver, or null on real hardware.</summary>
    public EmulatedLinuxParts? Emulated { get; }

    /// <summary>The label button, or null when the profile has no button_pin.</summary>
    public LabelButton? Button { get; }

    /// <summary>The status LED, or null when the profile has no led_pin.</summary>
    public StatusLed? Led { get; }

    public void CountOperations(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Interlocked.Add(ref _operations, count);
    }

    /// <summary>A button trainer over this board's button and LED, or null without a button.</summary>
    public ButtonTrainer? CreateButtonTrainer(Edge.Core.Protocol.IFirmwareEndpoint firmware, Func<int> modelClasses, object gate) =>
        Button == null ? null : new ButtonTrainer(firmware, modelClasses, Button, Led, gate);

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            Button?.Dispose();
            Led?.Dispose();
            if (_ownsGpio) _gpio?.Dispose();
            _inputOwner.Dispose();
        }
        finally
        {
            _lock.Dispose();
        }
    }
}

/// <summary>The emulated hardware behind an emulated Linux board (for tests and diagnostics).</summary>
/// <param name="FrontEnd">The analog front end a presented stimulus drives.</param>
/// <param name="SpiChips">The emulated MCP3008 chips (empty for an ADS1115 board).</param>
/// <param name="I2cChips">The emulated ADS1115 chips (empty for an MCP3008 board).</param>
/// <param name="GpioDriver">The emulated GPIO pins (press the button with <c>Drive(pin, Low)</c>).</param>
public sealed record EmulatedLinuxParts(EmulatedFrontEnd FrontEnd, EmulatedMcp3008[] SpiChips, EmulatedAds1115[] I2cChips, EmulatedGpioDriver? GpioDriver);
