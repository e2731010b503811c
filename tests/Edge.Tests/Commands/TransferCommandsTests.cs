using Edge.Tests.Transport;
using static Edge.Tests.Commands.EdgeRunner;

namespace Edge.Tests.Commands;

/// <summary>The main job end to end: `edge demo`, `edge transfer` and `edge distill` on in-process simulated boards.</summary>
public sealed class TransferCommandsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-demo-test-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Trait("Category", "Slow")] // over 2 s: left out by --filter "Category!=Slow"
    [Fact]
    public void Demo_CopyFails_TransferKeepsTheKnowledge_AndWritesThePlot()
    {
        HangGuard.Run(() =>
        {
            string plot = Path.Combine(_dir, "demo.png");
            var r = Json("demo", "--work-dir", Path.Combine(_dir, "work"), "--plot", plot);
            double old = r.GetProperty("old_accuracy").GetDouble();
            double naive = r.GetProperty("naive_copy_accuracy").GetDouble();
            double fresh = r.GetProperty("new_accuracy").GetDouble();
            Assert.True(old >= 95, $"A learned only {old} %");
            Assert.True(naive <= old - 3, $"the naive copy scored {naive} % against A's {old} %");
            Assert.True(fresh >= naive + 3, $"the transfer ({fresh} %) did not beat the copy ({naive} %)");
            Assert.True(r.GetProperty("agreement").GetDouble() >= 95);
            Assert.Contains("dead", r.GetProperty("board_a_after").GetString());
            // a few hundred questions of the dying board, and frames a serial line carries in minutes
            Assert.Equal(402, r.GetProperty("queries").GetInt64());
            Assert.Equal(500, r.GetProperty("test_queries").GetInt64());
            Assert.InRange(r.GetProperty("frames").GetInt64(), 100, 24_400 / 5);
            Assert.InRange(r.GetProperty("estimated_seconds_at_115200").GetDouble(), 10, 300);
            Assert.True(new FileInfo(plot).Length > 10_000);
        }, TimeSpan.FromSeconds(120));
    }

    [Fact]
    public void Distill_FromATaughtTeacher_IntoABoard()
    {
        HangGuard.Run(() =>
        {
            string teacher = Path.Combine(_dir, "teacher.onnx"), flash = Path.Combine(_dir, "student");
            Json("teach", "--data", "digits", "--arch", "64-64-10", "--epochs", "20", "--out", teacher);
            var flashed = Json("flash", "sim:sim-digits#3", "--arch", "64-32-10", "--flash-dir", flash);
            var r = Json("distill", "sim:sim-digits#3", "--teacher", teacher, "--data", "digits", "--epochs", "20", "--flash-dir", flash);
            Assert.True(r.GetProperty("test_accuracy").GetDouble() >= 93);
            Assert.True(r.GetProperty("agreement").GetDouble() >= 93);
            int epochs = r.GetProperty("epochs").GetInt32(), held = r.GetProperty("held_out").GetInt32();
            Assert.Equal(130, held);                                                       // a tenth of the training split
            Assert.InRange(epochs, 1, 20);                                                 // --epochs is the ceiling
            Assert.Equal((long)epochs * (1297 - held), r.GetProperty("samples").GetInt64());
            // the learning rates decayed during distillation; the saved model has its own again
            using var session = Edge.Host.Boards.BoardSession.Open("sim:sim-digits#3", flash, TimeSpan.FromSeconds(10));
            var config = session.RequireModel().Config;
            Assert.Equal(flashed.GetProperty("lr_hidden").GetDouble(), config.Learner.HiddenLearningRateQ16 / 65536.0, 4);
            Assert.Equal(flashed.GetProperty("lr_output").GetDouble(), config.Learner.OutputLearningRateQ16 / 65536.0, 4);
        }, TimeSpan.FromSeconds(120));
    }
}

public class FlashFirmwareCommandTests
{
    [Fact]
    public void FlashingAnEsp32WithoutNanoff_NamesTheInstallCommand()
    {
        if (new Edge.Host.Flashing.NanoffFlasher().Locate() != null) return;   // nanoff installed here: nothing to show
        var (code, line) = Fail("flash", "serial:/dev/null", "--board", "esp32-devkitc");
        Assert.NotEqual(0, code);
        Assert.Contains("dotnet tool install -g nanoff", line);
    }
}
