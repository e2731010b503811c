using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Edge.Host.Boards;
using Edge.Host.Cli;
using Edge.Core.Storage;
using Edge.Tests.Transport;
using Edge.Tests.Data;
using Xunit;
using static Edge.Tests.Commands.EdgeRunner;

namespace Edge.Tests.Commands;

/// <summary>`edge train` makes bench learn's held-out choice on the board: for an untrained ap model only, saved as the chosen learner.</summary>
public class BoardHeldOutChoiceTests
{
    [Fact]
    public void AnUntrainedApModel_ChoosesOnTheBoard_AndATrainedOneKeepsItsLearner()
    {
        HangGuard.Run(() =>
        {
            using var dir = new TempDirectory();
            string flash = dir.File("board"), csv = WideMarginCsv(dir);
            Json("flash", "sim:sim-digits#41", "--data", "csv:" + csv, "--flash-dir", flash);
            JsonElement trained = Json("train", "sim:sim-digits#41", "--data", "csv:" + csv, "--epochs", "5", "--flash-dir", flash);

            Assert.Equal("ap", trained.GetProperty("algo").GetString());
            JsonElement trials = trained.GetProperty("heldout_choice");
            double ap = trials.GetProperty("ap_accuracy").GetDouble(), readout = trials.GetProperty("readout_accuracy").GetDouble();
            Assert.True(readout >= 95, $"readout scored only {readout} % on a one-feature, wide-margin problem");
            Assert.Equal(readout >= ap ? "readout" : "ap", trained.GetProperty("learner").GetString());
            Assert.Equal(5 * 300, trained.GetProperty("samples").GetInt64());
            Assert.Equal(5 * 300, trained.GetProperty("samples_seen").GetInt64());   // the trials are not counted as the model's learning

            // the board saved the chosen learner; training it again makes no choice
            string weights = dir.File("w.edgw");
            Json("weights", "get", "sim:sim-digits#41", "--out", weights, "--flash-dir", flash);
            byte chosen = readout >= ap ? LearningAlgorithm.ReadoutOnly : LearningAlgorithm.ActivityPerturbation;
            Assert.Equal(chosen, WeightsFile.Load(weights).Config!.Algorithm);
            JsonElement again = Json("train", "sim:sim-digits#41", "--data", "csv:" + csv, "--epochs", "1", "--flash-dir", flash);
            Assert.Equal(JsonValueKind.Null, again.GetProperty("heldout_choice").ValueKind);
            Assert.Equal(trained.GetProperty("learner").GetString(), again.GetProperty("learner").GetString());
        });
    }

    [Fact]
    public void NoChoice_TrainsTheModelsOwnLearner()
    {
        HangGuard.Run(() =>
        {
            using var dir = new TempDirectory();
            string flash = dir.File("board"), csv = WideMarginCsv(dir);
            Json("flash", "sim:sim-digits#42", "--data", "csv:" + csv, "--flash-dir", flash);
            JsonElement trained = Json("train", "sim:sim-digits#42", "--data", "csv:" + csv, "--epochs", "2", "--no-choice", "--flash-dir", flash);
            Assert.Equal("ap", trained.GetProperty("learner").GetString());
            Assert.Equal(JsonValueKind.Null, trained.GetProperty("heldout_choice").ValueKind);
        });
    }

    /// <summary>
    /// `edge train` cancelled (Ctrl+C) during its held-out trials, on a board that outlives the command (its own
    /// process, over TCP): the board goes on serving the untrained ap model it had, not a half-learned trial.
    /// </summary>
    [Trait("Category", "Slow")] // over 2 s: left out by --filter "Category!=Slow"
    [Fact]
    public void CancelledInItsTrials_TrainLeavesTheBoardWithTheModelItHad()
    {
        HangGuard.Run(() =>
        {
            using var dir = new TempDirectory();
            using Process board = Start(new Dictionary<string, string> { ["EDGE_HOME"] = dir.File("home") }, "board", "run",
                "--profile", "sim-digits", "--serial", "43", "--listen", "127.0.0.1:0", "--flash-dir", dir.File("board"), "--json");
            try
            {
                string? first = board.StandardOutput.ReadLine();
                if (first == null) Assert.Fail("edge board run printed nothing: " + board.StandardError.ReadToEnd());
                string address = JsonDocument.Parse(first!).RootElement.GetProperty("address").GetString()!;
                _ = board.StandardOutput.ReadToEndAsync();   // the board logs as it serves: drained, so a full pipe never stalls it
                _ = board.StandardError.ReadToEndAsync();
                Json("flash", address, "--data", "digits");
                Json("weights", "get", address, "--out", dir.File("before.edgw"));

                // 100,000 epochs: the ap trial alone would run for minutes (1,371 epochs of 972 rows, its budget's cap)
                using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1.5));
                var stderr = new StringWriter();
                int code = new CliApp(EdgeCommands.All(), new StringWriter(), stderr) { Cancellation = cancel.Token }
                    .Run(["train", address, "--data", "digits", "--epochs", "100000"]);
                Assert.Equal(130, code);
                Assert.EndsWith("edge: cancelled", stderr.ToString().TrimEnd());

                Json("weights", "get", address, "--out", dir.File("after.edgw"));
                WeightsFile before = WeightsFile.Load(dir.File("before.edgw")), after = WeightsFile.Load(dir.File("after.edgw"));
                Assert.Equal(before.Weights, after.Weights);
                Assert.Equal(LearningAlgorithm.ActivityPerturbation, after.Config!.Algorithm);
                Assert.Equal(0, after.Header!.SamplesSeen);
            }
            finally
            {
                if (!board.HasExited) board.Kill();
                board.WaitForExit(10_000);
            }
        }, TimeSpan.FromSeconds(60));
    }

    /// <summary>400 rows for a 64-channel board: the first feature decides the class with a wide margin, the rest are constant.</summary>
    private static string WideMarginCsv(TempDirectory dir)
    {
        var rng = new Random(7);
        var text = new StringBuilder();
        for (int i = 0; i < 400; i++)
        {
            int label = i % 2;
            double x = label == 1 ? 0.8 + 0.2 * rng.NextDouble() : 0.2 * rng.NextDouble();
            text.Append(x.ToString("R", CultureInfo.InvariantCulture));
            for (int f = 1; f < 64; f++) text.Append(",0.5");
            text.Append(',').Append(label).Append('\n');
        }
        string path = dir.File("margin.csv");
        File.WriteAllText(path, text.ToString());
        return path;
    }
}
