using System.Device.Gpio;

namespace Edge.Boards.Emulated;

/// <summary>
/// GPIO pins in memory, plugged into the real <see cref="GpioController"/> through its driver extension
/// point: <c>new GpioController(new EmulatedGpioDriver())</c>. Outputs remember what was written (and how
/// often, for blink patterns); inputs read what the outside world drives with <see cref="Drive"/>, else their
/// pull (pull-up High, pull-down and floating Low). Edge callbacks fire on driven changes.
/// </summary>
public sealed class EmulatedGpioDriver : GpioDriver
{
    private readonly object _gate = new();
    private readonly Dictionary<int, PinMode> _open = new();
    private readonly Dictionary<int, PinValue> _written = new();
    private readonly Dictionary<int, PinValue> _driven = new();
    private readonly Dictionary<int, int> _writes = new();
    private readonly List<(int Pin, PinEventTypes Events, PinChangeEventHandler Handler)> _callbacks = new();

    public EmulatedGpioDriver(int pinCount = 64) { PinCount = pinCount; }

    protected override int PinCount { get; }

    /// <summary>The outside world puts <paramref name="value"/> on an input pin (a button, a sensor's ready line).</summary>
    public void Drive(int pin, PinValue value)
    {
        PinValue before;
        (int Pin, PinEventTypes Events, PinChangeEventHandler Handler)[] callbacks;
        lock (_gate)
        {
            before = ReadLocked(pin);
            _driven[pin] = value;
            callbacks = _callbacks.Where(c => c.Pin == pin).ToArray();
        }
        if (before == value) return;
        PinEventTypes edge = value == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling;
        foreach (var callback in callbacks)
            if ((callback.Events & edge) != 0) callback.Handler(this, new PinValueChangedEventArgs(edge, pin));
    }

    /// <summary>Stops driving a pin: it reads its pull again.</summary>
    public void Release(int pin)
    {
        lock (_gate) _driven.Remove(pin);
    }

    /// <summary>True while the pin is open.</summary>
    public bool IsOpen(int pin)
    {
        lock (_gate) return _open.ContainsKey(pin);
    }

    /// <summary>The level last written to an output pin (Low if never).</summary>
    public PinValue OutputLevel(int pin)
    {
        lock (_gate) return _written.TryGetValue(pin, out PinValue v) ? v : PinValue.Low;
    }

    /// <summary>How many writes a pin has had.</summary>
    public int WriteCount(int pin)
    {
        lock (_gate) return _writes.TryGetValue(pin, out int n) ? n : 0;
    }

    protected override void OpenPin(int pinNumber)
    {
        CheckPin(pinNumber);
        lock (_gate) _open[pinNumber] = PinMode.Input;
    }

    protected override void ClosePin(int pinNumber)
    {
        lock (_gate)
        {
            _open.Remove(pinNumber);
            _callbacks.RemoveAll(c => c.Pin == pinNumber);
        }
    }

    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        lock (_gate)
        {
            RequireOpen(pinNumber);
            _open[pinNumber] = mode;
        }
    }

    protected override PinMode GetPinMode(int pinNumber)
    {
        lock (_gate)
        {
            RequireOpen(pinNumber);
            return _open[pinNumber];
        }
    }

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) =>
        mode is PinMode.Input or PinMode.Output or PinMode.InputPullUp or PinMode.InputPullDown;

    protected override PinValue Read(int pinNumber)
    {
        lock (_gate)
        {
            RequireOpen(pinNumber);
            return ReadLocked(pinNumber);
        }
    }

    protected override void Toggle(int pinNumber) => Write(pinNumber, Read(pinNumber) == PinValue.High ? PinValue.Low : PinValue.High);

    protected override void Write(int pinNumber, PinValue value)
    {
        lock (_gate)
        {
            RequireOpen(pinNumber);
            _written[pinNumber] = value;
            _writes[pinNumber] = (_writes.TryGetValue(pinNumber, out int n) ? n : 0) + 1;
        }
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken)
    {
        PinValue last = Read(pinNumber);
        while (!cancellationToken.IsCancellationRequested)
        {
            PinValue now = Read(pinNumber);
            if (now != last)
            {
                PinEventTypes edge = now == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling;
                if ((eventTypes & edge) != 0) return new WaitForEventResult { EventTypes = edge, TimedOut = false };
                last = now;
            }
            Thread.Sleep(1);
        }
        return new WaitForEventResult { EventTypes = PinEventTypes.None, TimedOut = true };
    }

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
    {
        lock (_gate)
        {
            RequireOpen(pinNumber);
            _callbacks.Add((pinNumber, eventTypes, callback));
        }
    }

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
    {
        lock (_gate) _callbacks.RemoveAll(c => c.Pin == pinNumber && c.Handler == callback);
    }

    private PinValue ReadLocked(int pin)
    {
        if (_driven.TryGetValue(pin, out PinValue driven)) return driven;
        if (_open.TryGetValue(pin, out PinMode mode))
        {
            if (mode == PinMode.Output) return _written.TryGetValue(pin, out PinValue v) ? v : PinValue.Low;
            if (mode == PinMode.InputPullUp) return PinValue.High;
        }
        return PinValue.Low;
    }

    private void CheckPin(int pin)
    {
        if (pin < 0 || pin >= PinCount) throw new ArgumentOutOfRangeException(nameof(pin), pin, $"pins are 0..{PinCount - 1}");
    }

    private void RequireOpen(int pin)
    {
        if (!_open.ContainsKey(pin)) throw new InvalidOperationException($"pin {pin} is not open");
    }
}
