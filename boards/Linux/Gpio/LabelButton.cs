using System.Device.Gpio;

namespace Edge.Boards.Linux.Gpio;

/// <summary>
/// The label button: a push button from a GPIO to ground (internal pull-up, pressed = Low). During
/// on-device training the user shows the board a live example and presses the button <c>k + 1</c> times
/// to say "this is class k"; the label is taken once the button has been left alone for
/// <see cref="WindowMs"/> after the last release. More presses than classes give label −1 (rejected: try
/// again). Levels are debounced: a level counts once it has held for <see cref="DebounceMs"/>.
/// The button is polled (<see cref="Poll"/>, every few milliseconds), so time is the caller's: tests
/// drive it with synthetic clocks, the board with a stopwatch.
/// </summary>
public sealed class LabelButton : IDisposable
{
    public const int DefaultWindowMs = 1500;
    public const int DefaultDebounceMs = 30;

    private readonly GpioController _gpio;
    private readonly bool _ownsPin;
    private PinValue _raw = PinValue.High;
    private long _rawSinceMs;
    private bool _pressed;
    private long _releasedAtMs;
    private int _presses;

    /// <param name="gpio">The controller (real, or over an emulated driver).</param>
    /// <param name="pin">GPIO number (BCM on a Pi).</param>
    /// <param name="classCount">Number of classes; k + 1 presses select class k.</param>
    public LabelButton(GpioController gpio, int pin, int classCount, int windowMs = DefaultWindowMs, int debounceMs = DefaultDebounceMs)
    {
        _gpio = gpio ?? throw new ArgumentNullException(nameof(gpio));
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowMs, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(debounceMs);
        Pin = pin;
        ClassCount = classCount;
        WindowMs = windowMs;
        DebounceMs = debounceMs;
        if (!_gpio.IsPinOpen(pin))
        {
            _gpio.OpenPin(pin, PinMode.InputPullUp);
            _ownsPin = true;
        }
        else
        {
            _gpio.SetPinMode(pin, PinMode.InputPullUp);
        }
    }

    public int Pin { get; }

    public int ClassCount { get; set; }

    public int WindowMs { get; }

    public int DebounceMs { get; }

    /// <summary>Presses counted towards the label being entered.</summary>
    public int PendingPresses => _presses;

    /// <summary>True while the (debounced) button is held down.</summary>
    public bool IsPressed => _pressed;

    /// <summary>
    /// Samples the button at <paramref name="nowMs"/> (a monotonic clock). Returns true with the label when a
    /// press sequence has just ended: 0 … ClassCount − 1, or −1 for too many presses.
    /// </summary>
    public bool Poll(long nowMs, out int label)
    {
        label = -1;
        PinValue level = _gpio.Read(Pin);
        if (level != _raw)
        {
            _raw = level;
            _rawSinceMs = nowMs;
        }
        bool pressedNow = _raw == PinValue.Low;
        if (pressedNow != _pressed && nowMs - _rawSinceMs >= DebounceMs)
        {
            _pressed = pressedNow;
            if (_pressed) _presses++;
            else _releasedAtMs = nowMs;
        }
        if (_presses == 0 || _pressed || nowMs - _releasedAtMs < WindowMs) return false;
        label = _presses <= ClassCount ? _presses - 1 : -1;
        _presses = 0;
        return true;
    }

    public void Dispose()
    {
        if (_ownsPin && _gpio.IsPinOpen(Pin)) _gpio.ClosePin(Pin);
    }
}
