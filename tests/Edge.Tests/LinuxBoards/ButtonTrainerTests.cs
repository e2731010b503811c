using System.Device.Gpio;
using Edge.Boards.Linux;
using Edge.Boards.Linux.Gpio;
using Edge.Core.Learning;
using Edge.Core.Storage;
using Edge.Tests.Boards;
using Edge.Tests.Data;
using LinuxBoardFactory = Edge.Boards.Linux.LinuxBoards;

namespace Edge.Tests.LinuxBoards;

/// <summary>Training from live inputs with the label button: the board's own firmware gets TRAIN requests.</summary>
public class ButtonTrainerTests
{
    private static long PressTimes(LinuxAdcBoard board, ButtonTrainer trainer, long now, int presses, List<ButtonLabelResult> results)
    {
        int pin = board.BoardProfile.Pins!.ButtonPin!.Value;
        var driver = board.Emulated!.GpioDriver!;
        void Run(int ms)
        {
            for (int t = 0; t < ms; t += 5, now += 5)
                if (trainer.Step(now) is { } result) results.Add(result);
        }
        for (int p = 0; p < presses; p++)
        {
            driver.Drive(pin, PinValue.Low);
            Run(100);
            driver.Drive(pin, PinValue.High);
            Run(100);
        }
        Run(LabelButton.DefaultWindowMs + 100);
        return now;
    }

    [Fact]
    public void ButtonLabelsTrainTheModelOnLiveInputs()
    {
        var profile = BoardTestProfiles.Shipped("rpi-mcp3008");
        using var dir = new TempDirectory();
        using LinuxAdcBoard board = LinuxBoardFactory.Open(profile, dir.Path, emulate: true);
        var (firmware, client) = DigitsOnBoard.Connect(board);
        var gate = new object();
        ButtonTrainer trainer = board.CreateButtonTrainer(firmware, () => firmware.Model?.Config.OutputCount ?? 0, gate)!;
        var results = new List<ButtonLabelResult>();
        int led = profile.Pins!.LedPin!.Value;

        // No model yet: the label is refused and the LED blinks fast.
        long now = PressTimes(board, trainer, 0, 2, results);
        Assert.False(Assert.Single(results).Trained);
        Assert.Equal(LedPattern.Error, board.Led!.Pattern);

        client.Configure(DigitsOnBoard.Sizes, LearningAlgorithm.ActivityPerturbation, new LearnerSettings(), initSeed: 3);
        board.Input.Present(Enumerable.Repeat(1_000_000, 64).ToArray(), 64); // the "live" scene in front of the sensors
        results.Clear();
        now = PressTimes(board, trainer, now + LabelButton.DefaultWindowMs + ButtonTrainer.ErrorShowMs, 4, results);
        ButtonLabelResult taken = Assert.Single(results);
        Assert.True(taken.Trained, taken.Message);
        Assert.Equal(3, taken.Label);
        Assert.Equal(1, client.Stats().SamplesTrained);

        // After the acknowledgement flashes the LED is steady: Ready.
        for (int t = 0; t < 3000; t += 5) trainer.Step(now += 5);
        Assert.Equal(LedPattern.Ready, board.Led.Pattern);
        Assert.Equal(PinValue.High, board.Emulated!.GpioDriver!.OutputLevel(led));
    }

    [Fact]
    public void TooManyPressesTrainNothing()
    {
        var profile = BoardTestProfiles.Shipped("rpi-mcp3008");
        using var dir = new TempDirectory();
        using LinuxAdcBoard board = LinuxBoardFactory.Open(profile, dir.Path, emulate: true);
        var (firmware, client) = DigitsOnBoard.Connect(board);
        client.Configure(DigitsOnBoard.Sizes, LearningAlgorithm.ActivityPerturbation, new LearnerSettings(), initSeed: 3);
        ButtonTrainer trainer = board.CreateButtonTrainer(firmware, () => firmware.Model?.Config.OutputCount ?? 0, new object())!;
        var results = new List<ButtonLabelResult>();
        PressTimes(board, trainer, 0, 11, results);
        ButtonLabelResult result = Assert.Single(results);
        Assert.Equal(-1, result.Label);
        Assert.False(result.Trained);
        Assert.Equal(0, client.Stats().SamplesTrained);
    }
}
