using Edge.Boards.Linux;
using LinuxBoardFactory = Edge.Boards.Linux.LinuxBoards;
using Edge.Boards.Simulated;
using Edge.Host.Data;
using Edge.Tests.Boards;
using Edge.Tests.Data;

namespace Edge.Tests.LinuxBoards;

/// <summary>Linux ADC boards opened by <see cref="LinuxBoardFactory"/>: emulated chips behind the real drivers, flash in files.</summary>
public class LinuxBoardTests
{
    [Fact]
    public void EmulatedMcp3008BoardReadsPresentedVoltagesThroughEightChips()
    {
        var profile = BoardTestProfiles.Shipped("rpi-mcp3008");
        using var dir = new TempDirectory();
        using LinuxAdcBoard board = LinuxBoardFactory.Open(profile, dir.Path, emulate: true);
        Assert.Equal(64, board.Input.ChannelCount);
        Assert.Equal(10, board.Input.AdcBits);
        Assert.True(board.IsEmulated);
        Assert.Equal(8, board.Emulated!.SpiChips.Length);

        var stimulus = Enumerable.Range(0, 64).Select(c => 20_000 + c * 50_000).ToArray(); // 0.02 … 3.17 V
        Assert.True(board.Input.Present(stimulus, 64));
        var codes = new int[64];
        board.Input.Read(codes);
        double lsbMicrovolts = 3_300_000.0 / 1024;
        for (int c = 0; c < 64; c++)
            Assert.True(Math.Abs(codes[c] - stimulus[c] / lsbMicrovolts) <= 6, $"ch {c}: {codes[c]} for {stimulus[c]} µV");
        Assert.All(board.Emulated.SpiChips, chip => Assert.Equal(8, chip.Conversions));
    }

    [Fact]
    public void EmulatedAds1115BoardReads15BitCodes()
    {
        var profile = BoardTestProfiles.Shipped("rpi-ads1115");
        using var dir = new TempDirectory();
        using LinuxAdcBoard board = LinuxBoardFactory.Open(profile, dir.Path, emulate: true, serial: 7);
        Assert.Equal(16, board.Input.ChannelCount);
        Assert.Equal(15, board.Input.AdcBits);
        Assert.Equal(7u, board.Serial);

        var stimulus = Enumerable.Range(0, 16).Select(c => c * 250_000).ToArray(); // 0 … 3.75 V
        Assert.True(board.Input.Present(stimulus, 16));
        var codes = new int[16];
        long[] before = board.Emulated!.I2cChips.Select(chip => chip.Conversions).ToArray();
        board.Input.Read(codes);
        for (int c = 0; c < 16; c++)
            Assert.True(Math.Abs(codes[c] - stimulus[c] / 125.0) <= 6 + 0.003 * codes[c], $"ch {c}: {codes[c]} for {stimulus[c]} µV"); // gain and Vref σ 0.05 % each, offset, noise
        Assert.All(codes, code => Assert.InRange(code, 0, 32767));
        Assert.Equal(before.Select(n => n + 4), board.Emulated.I2cChips.Select(chip => chip.Conversions)); // one single-shot conversion per channel
    }

    [Fact]
    public void OneBoardPerFlashDirectory()
    {
        var profile = BoardTestProfiles.Shipped("rpi-mcp3008");
        using var dir = new TempDirectory();
        using (LinuxBoardFactory.Open(profile, dir.Path, emulate: true))
            Assert.Throws<IOException>(() => LinuxBoardFactory.Open(profile, dir.Path, emulate: true));
        using (LinuxBoardFactory.Open(profile, dir.Path, emulate: true)) { } // released on dispose
    }

    [Fact]
    public void MissingHardwareIsOneClearLine()
    {
        var profile = BoardTestProfiles.Shipped("rpi-mcp3008");
        using var dir = new TempDirectory();
        if (File.Exists("/dev/spidev0.0")) return; // a real Pi: nothing missing to report
        var e = Assert.Throws<LinuxBoardException>(() => LinuxBoardFactory.Open(profile, dir.Path, emulate: false));
        Assert.Contains("/dev/spidev0.0", e.Message);
        Assert.Contains("--emulate", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        // The failed open released the flash directory.
        using (LinuxBoardFactory.Open(profile, dir.Path, emulate: true)) { }
    }

    [Fact]
    public void OnlyLinuxProfiles()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<LinuxBoardException>(() => LinuxBoardFactory.Open(BoardTestProfiles.Shipped("sim-digits"), dir.Path, emulate: true));
        Assert.Contains("sim-digits", e.Message);
    }

    [Fact]
    public void LearnsDigitsThroughTheDriversAndKeepsTheModelInFlash()
    {
        var profile = BoardTestProfiles.Shipped("rpi-mcp3008");
        using var dir = new TempDirectory();
        Dataset data = Digits.Load();
        double accuracy;
        int[][] test = data.TestFeatures.Select(f => SimulatedAnalogPath.MicrovoltsFromUnit(f, profile.Inputs.FullScaleMv)).ToArray();
        using (LinuxAdcBoard board = LinuxBoardFactory.Open(profile, dir.Path, emulate: true))
        {
            var (_, client) = DigitsOnBoard.Connect(board);
            double[] curve = DigitsOnBoard.Train(client, data, profile.Inputs.FullScaleMv, epochs: 6);
            accuracy = curve[^1];
            Assert.True(accuracy > 85, $"test accuracy after 6 epochs through 8 emulated MCP3008: {accuracy:F1} % ({string.Join(", ", curve.Select(a => a.ToString("F1")))})");
            client.Save();
        }
        using (LinuxAdcBoard board = LinuxBoardFactory.Open(profile, dir.Path, emulate: true))
        {
            var (firmware, client) = DigitsOnBoard.Connect(board);
            Assert.NotNull(firmware.Model); // booted from the slot files
            Assert.InRange(DigitsOnBoard.Accuracy(client, test, data.TestLabels), accuracy - 3, accuracy + 3); // noise differs, model the same
        }
    }
}
