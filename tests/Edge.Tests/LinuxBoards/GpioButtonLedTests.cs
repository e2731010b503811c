using System.Device.Gpio;
using Edge.Boards.Emulated;
using Edge.Boards.Linux.Gpio;

namespace Edge.Tests.LinuxBoards;

/// <summary>The label button and status LED through the real GpioController over an emulated GpioDriver.</summary>
public class GpioButtonLedTests
{
    private const int ButtonPin = 17, LedPin = 27;

    /// <summary>Presses the button <paramref name="presses"/> times (80 ms down, 120 ms up, with 5 ms of contact bounce), polling every 5 ms.</summary>
    private static (long Now, List<(long At, int Label)> Labels) Press(EmulatedGpioDriver driver, LabelButton button, long now, int presses, int tailMs = 2000)
    {
        var labels = new List<(long, int)>();
        void Run(int ms)
        {
            for (int t = 0; t < ms; t += 5)
            {
                if (button.Poll(now, out int label)) labels.Add((now, label));
                now += 5;
            }
        }
        for (int p = 0; p < presses; p++)
        {
            driver.Drive(ButtonPin, PinValue.Low);
            Run(5);
            driver.Drive(ButtonPin, PinValue.High); // bounce
            Run(5);
            driver.Drive(ButtonPin, PinValue.Low);
            Run(80);
            driver.Drive(ButtonPin, PinValue.High);
            Run(120);
        }
        Run(tailMs);
        return (now, labels);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(3, 2)]
    [InlineData(10, 9)]
    [InlineData(11, -1)]
    public void PressesSelectTheClassOnceTheWindowCloses(int presses, int expected)
    {
        var driver = new EmulatedGpioDriver();
        using var gpio = new GpioController(driver);
        using var button = new LabelButton(gpio, ButtonPin, classCount: 10);
        Assert.Equal(PinMode.InputPullUp, gpio.GetPinMode(ButtonPin));
        var (_, labels) = Press(driver, button, 0, presses);
        Assert.Single(labels);
        Assert.Equal(expected, labels[0].Label);
    }

    [Fact]
    public void LabelComesOnlyAfterTheQuietWindow()
    {
        var driver = new EmulatedGpioDriver();
        using var gpio = new GpioController(driver);
        using var button = new LabelButton(gpio, ButtonPin, classCount: 10, windowMs: 1000);
        var (end, labels) = Press(driver, button, 0, 2, tailMs: 900);
        Assert.Empty(labels);
        Assert.Equal(2, button.PendingPresses);
        (_, labels) = Press(driver, button, end, 0, tailMs: 200);
        Assert.Equal(1, Assert.Single(labels).Label);
    }

    [Fact]
    public void GlitchesShorterThanTheDebounceAreIgnored()
    {
        var driver = new EmulatedGpioDriver();
        using var gpio = new GpioController(driver);
        using var button = new LabelButton(gpio, ButtonPin, classCount: 10, debounceMs: 30);
        long now = 0;
        for (int glitch = 0; glitch < 5; glitch++)
        {
            driver.Drive(ButtonPin, PinValue.Low);
            button.Poll(now += 5, out _);
            button.Poll(now += 5, out _);
            driver.Drive(ButtonPin, PinValue.High);
            for (int i = 0; i < 40; i++) Assert.False(button.Poll(now += 5, out _));
        }
        Assert.Equal(0, button.PendingPresses);
    }

    [Fact]
    public void LedShowsPatternsAndAcknowledgesLabels()
    {
        var driver = new EmulatedGpioDriver();
        using var gpio = new GpioController(driver);
        using var led = new StatusLed(gpio, LedPin);
        Assert.Equal(PinMode.Output, gpio.GetPinMode(LedPin));

        string Trace(long from, long to)
        {
            var chars = new List<char>();
            for (long t = from; t < to; t += 50)
            {
                led.Update(t);
                chars.Add(driver.OutputLevel(LedPin) == PinValue.High ? '#' : '.');
            }
            return new string(chars.ToArray());
        }

        led.Show(LedPattern.Ready, 0);
        Assert.Equal("##########", Trace(0, 500));
        led.Show(LedPattern.Training, 500);
        Assert.Equal("##########..........##########", Trace(500, 2000));
        led.Show(LedPattern.Error, 2000);
        Assert.Equal("##..##..##..", Trace(2000, 2600));
        led.Show(LedPattern.Ready, 2600);
        led.Acknowledge(2, 2600);                     // three flashes, a pause, then Ready again
        Assert.Equal("###...###...###...............####", Trace(2600, 4300));
        int writes = driver.WriteCount(LedPin);
        Trace(4300, 5000);
        Assert.Equal(writes, driver.WriteCount(LedPin)); // steady: no needless writes
    }

    [Fact]
    public void DisposeClosesThePins()
    {
        var driver = new EmulatedGpioDriver();
        using var gpio = new GpioController(driver);
        new LabelButton(gpio, ButtonPin, 10).Dispose();
        var led = new StatusLed(gpio, LedPin);
        led.Show(LedPattern.Ready, 0);
        led.Update(0);
        Assert.Equal(PinValue.High, driver.OutputLevel(LedPin));
        led.Dispose();
        Assert.Equal(PinValue.Low, driver.OutputLevel(LedPin));
        Assert.False(driver.IsOpen(ButtonPin));
        Assert.False(driver.IsOpen(LedPin));
    }
}
