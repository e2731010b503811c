using System.Device.Gpio;

namespace Edge.Boards.Linux.Gpio;

/// <summary>What the status LED says.</summary>
public enum LedPattern
{
    /// <summary>Dark: the board is not running.</summary>
    Off,
    /// <summary>Steady on: a model is loaded; the board infers and takes labels.</summary>
    Ready,
    /// <summary>Slow blink (1 Hz, 500 ms on / 500 ms off): a label is being entered or a sample is training.</summary>
    Training,
    /// <summary>Fast blink (5 Hz, 100 ms on / 100 ms off): no model, or the last label failed.</summary>
    Error,
}

/// <summary>
/// The status LED on a GPIO (through a resistor to ground: High = on, unless <c>activeHigh</c> is false).
/// It shows a <see cref="LedPattern"/>; <see cref="Acknowledge"/> interrupts it with label + 1 short flashes
/// (150 ms on / 150 ms off) and a 600 ms pause, so the user sees which class was taken. Like the button it
/// is driven by the caller's clock (<see cref="Update"/>), and only writes the pin when the level changes.
/// </summary>
public sealed class StatusLed : IDisposable
{
    public const int AckOnMs = 150, AckOffMs = 150, AckPauseMs = 600;

    private readonly GpioController _gpio;
    private readonly bool _activeHigh;
    private readonly bool _ownsPin;
    private LedPattern _pattern = LedPattern.Off;
    private long _patternSinceMs = -1;
    private int _ackFlashes;
    private long _ackSinceMs;
    private bool? _lit;

    public StatusLed(GpioController gpio, int pin, bool activeHigh = true)
    {
        _gpio = gpio ?? throw new ArgumentNullException(nameof(gpio));
        Pin = pin;
        _activeHigh = activeHigh;
        if (!_gpio.IsPinOpen(pin))
        {
            _gpio.OpenPin(pin, PinMode.Output);
            _ownsPin = true;
        }
        else
        {
            _gpio.SetPinMode(pin, PinMode.Output);
        }
        SetLit(false);
    }

    public int Pin { get; }

    public LedPattern Pattern => _pattern;

    /// <summary>True while the LED is lit.</summary>
    public bool IsLit => _lit == true;

    /// <summary>Shows <paramref name="pattern"/> from <paramref name="nowMs"/> on (unchanged pattern: keeps its phase).</summary>
    public void Show(LedPattern pattern, long nowMs)
    {
        if (pattern == _pattern && _patternSinceMs >= 0) return;
        _pattern = pattern;
        _patternSinceMs = nowMs;
    }

    /// <summary>Flashes label + 1 times, then goes back to the pattern.</summary>
    public void Acknowledge(int label, long nowMs)
    {
        _ackFlashes = Math.Max(0, label) + 1;
        _ackSinceMs = nowMs;
    }

    /// <summary>Sets the pin for time <paramref name="nowMs"/>.</summary>
    public void Update(long nowMs)
    {
        if (_ackFlashes > 0)
        {
            long t = nowMs - _ackSinceMs;
            long flashes = _ackFlashes * (long)(AckOnMs + AckOffMs);
            if (t < flashes + AckPauseMs)
            {
                SetLit(t < flashes && t % (AckOnMs + AckOffMs) < AckOnMs);
                return;
            }
            _ackFlashes = 0;
        }
        SetLit(IsOn(_pattern, nowMs - Math.Max(0, _patternSinceMs)));
    }

    /// <summary>Whether <paramref name="pattern"/> is lit <paramref name="elapsedMs"/> after it started.</summary>
    public static bool IsOn(LedPattern pattern, long elapsedMs) => pattern switch
    {
        LedPattern.Ready => true,
        LedPattern.Training => elapsedMs % 1000 < 500,
        LedPattern.Error => elapsedMs % 200 < 100,
        _ => false,
    };

    public void Dispose()
    {
        if (!_gpio.IsPinOpen(Pin)) return;
        SetLit(false);
        if (_ownsPin) _gpio.ClosePin(Pin);
    }

    private void SetLit(bool lit)
    {
        if (_lit == lit) return;
        _lit = lit;
        _gpio.Write(Pin, lit == _activeHigh ? PinValue.High : PinValue.Low);
    }
}
