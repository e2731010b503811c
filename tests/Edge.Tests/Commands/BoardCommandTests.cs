using System.Net;
using System.Net.Sockets;
using Edge.Host.Boards;
using Edge.Tests.Boards;
using Edge.Tests.Data;
using Edge.Tests.Transport;
using Xunit;
using static Edge.Tests.Commands.EdgeRunner;

namespace Edge.Tests.Commands;

/// <summary>flash, train, eval, weights get/put and boards on in-process sim: boards (real firmware, real pipe, flash in temp dirs).</summary>
public class BoardCommandTests
{
    [Fact]
    public void FlashTrainEvalAndWeightsKeepTheModelAcrossCommands()
    {
        HangGuard.Run(() =>
        {
            using var dir = new TempDirectory();
            string flash = dir.File("board");
            var flashed = Json("flash", "sim:sim-digits#11", "--arch", "64-32-10", "--seed", "2", "--flash-dir", flash);
            Assert.Equal(2410, flashed.GetProperty("parameters").GetInt32());
            Assert.Equal(32, flashed.GetProperty("groups").GetInt32()); // bench learn's defaults: one hidden layer, every unit alone
            Assert.True(flashed.GetProperty("step_control").GetBoolean());
            Assert.Equal(1u, flashed.GetProperty("generation").GetUInt32());

            var trained = Json("train", "sim:sim-digits#11", "--data", "digits", "--epochs", "3", "--flash-dir", flash);
            Assert.Equal(3 * 1297, trained.GetProperty("samples").GetInt64());
            Assert.True(trained.GetProperty("samples_per_second").GetDouble() > 0);
            Assert.Equal(2UL, trained.GetProperty("seed").GetUInt64()); // the model's learner seed orders the samples
            double afterTraining = trained.GetProperty("test_accuracy").GetDouble();
            Assert.True(afterTraining > 80, $"3 epochs reached only {afterTraining} %");

            // A separate command finds the trained model in the board's flash.
            var evaluated = Json("eval", "sim:sim-digits#11", "--data", "digits", "--flash-dir", flash);
            Assert.Equal(500, evaluated.GetProperty("samples").GetInt32());
            Assert.Equal(3 * 1297, evaluated.GetProperty("samples_seen").GetInt64());
            Assert.InRange(evaluated.GetProperty("test_accuracy").GetDouble(), afterTraining - 2, afterTraining + 2); // only ADC noise differs

            string weights = dir.File("w.edgw");
            Json("weights", "get", "sim:sim-digits#11", "--out", weights, "--flash-dir", flash);
            WeightsFile file = WeightsFile.Load(weights);
            Assert.Equal("64-32-10", file.Architecture);
            Assert.StartsWith("sim-digits#11 ap", file.Note);
            // the board's model as a model image: its settings, serial and samples seen travel with the weights
            Assert.Equal((11u, 3L * 1297), (file.Header!.Serial, file.Header.SamplesSeen));
            Assert.Equal((Edge.Core.Storage.LearningAlgorithm.ActivityPerturbation, 2UL, 32), (file.Config!.Algorithm, file.Config.InitSeed, file.Config.Learner.Groups));

            // Put onto a fresh board of the same kind: the weights arrive bit for bit and are saved.
            string other = dir.File("other");
            Json("flash", "sim:sim-digits#12", "--arch", "64-32-10", "--flash-dir", other);
            var put = Json("weights", "put", "sim:sim-digits#12", weights, "--flash-dir", other);
            Assert.Equal(2u, put.GetProperty("generation").GetUInt32());
            Assert.Equal(file.Note, put.GetProperty("note").GetString());
            Json("weights", "get", "sim:sim-digits#12", "--out", dir.File("back.edgw"), "--flash-dir", other);
            Assert.Equal(file.Weights, WeightsFile.Load(dir.File("back.edgw")).Weights);
        });
    }

    /// <summary>`edge flash TARGET --data D` alone (the issue's command line) gives the board bench learn's network for D.</summary>
    [Fact]
    public void FlashWithoutArch_TakesBenchLearnsNetworkForTheData()
    {
        HangGuard.Run(() =>
        {
            using var dir = new TempDirectory();
            var flashed = Json("flash", "sim:sim-digits#14", "--data", "digits", "--flash-dir", dir.File("board"));
            Assert.Equal("64-32-10", flashed.GetProperty("arch").GetString());
            Assert.Equal(2410, flashed.GetProperty("parameters").GetInt32());
            Assert.Equal(32, flashed.GetProperty("groups").GetInt32());
            // a data set whose network does not fit the board is named, not flashed
            string csv = dir.File("three.csv");
            File.WriteAllLines(csv, ["f1,f2,f3,label", .. Enumerable.Range(0, 40).Select(i => $"{i % 7},{i % 5},{i % 3},{(i % 2 == 0 ? "a" : "b")}")]);
            var (code, line) = Fail("flash", "sim:sim-digits#14", "--data", "csv:" + csv, "--flash-dir", dir.File("other"));
            Assert.Equal(1, code);
            Assert.Contains("--arch 3-32-2 has 3 inputs but board sim:sim-digits#14 has 64 channels", line);
        });
    }

    [Fact]
    public void FailuresAreOneLineAndANonZeroExitCode()
    {
        HangGuard.Run(() =>
        {
            using var dir = new TempDirectory();
            string flash = dir.File("board");
            var (code, line) = Fail("train", "sim:sim-digits#13", "--data", "digits", "--flash-dir", flash);
            Assert.Equal(1, code);
            Assert.Equal("edge: board sim:sim-digits#13 has no model: put one on it with `edge flash sim:sim-digits#13 --data D`", line);

            (code, line) = Fail("flash", "sim:sim-digits#13", "--arch", "32-10", "--flash-dir", flash);
            Assert.Contains("has 32 inputs but board sim:sim-digits#13 has 64 channels", line);
            (code, line) = Fail("flash", "sim:sim-digits#13", "--arch", "64-x-10", "--flash-dir", flash);
            Assert.Equal(2, code);
            (code, line) = Fail("flash", "sim:sim-digits#13", "--arch", "64-32-10", "--algo", "bp", "--flash-dir", flash);
            Assert.Equal(2, code);

            Json("flash", "sim:sim-digits#13", "--arch", "64-16-10", "--flash-dir", flash);
            string csv = dir.Write("wide.csv", string.Join(',', Enumerable.Range(0, 70).Select(i => "f" + i)) + ",label\n"
                + string.Join('\n', Enumerable.Range(0, 20).Select(r => string.Join(',', Enumerable.Repeat("0.5", 70)) + "," + (r % 2))) + "\n");
            (code, line) = Fail("eval", "sim:sim-digits#13", "--data", "csv:" + csv, "--flash-dir", flash);
            Assert.Equal("edge: the data set has 70 features but the board has only 64 input channels", line);

            // A damaged weights file, and one of another architecture.
            string weights = dir.File("w.edgw");
            Json("weights", "get", "sim:sim-digits#13", "--out", weights, "--flash-dir", flash);
            byte[] bytes = File.ReadAllBytes(weights);
            bytes[100] ^= 1;
            File.WriteAllBytes(dir.File("bad.edgw"), bytes);
            (_, line) = Fail("weights", "put", "sim:sim-digits#13", dir.File("bad.edgw"), "--flash-dir", flash);
            Assert.EndsWith("is not a valid weights file: CRC mismatch (the file is damaged)", line);
            Json("flash", "sim:sim-digits#13", "--arch", "64-32-10", "--flash-dir", flash);
            (_, line) = Fail("weights", "put", "sim:sim-digits#13", weights, "--flash-dir", flash);
            Assert.EndsWith("holds a 64-16-10 model but board sim:sim-digits#13 has 64-32-10: flash it with --arch 64-16-10 first", line);

            // Nobody listening.
            int port = FreePort();
            (code, line) = Fail("eval", $"tcp://127.0.0.1:{port}", "--data", "digits");
            Assert.Equal(1, code);
            Assert.Contains($"127.0.0.1:{port}", line);
        });
    }

    [Fact]
    public void ADeadBoardSaysSo()
    {
        HangGuard.Run(() =>
        {
            using var dir = new TempDirectory();
            string json = File.ReadAllText(Path.Combine(BoardTestProfiles.SourceFolder, "sim-digits.json"));
            string profile = dir.Write("mayfly.json", json.Replace("\"end_of_life_ops\": 10000000", "\"end_of_life_ops\": 1000"));
            string target = $"sim:{profile}#1", flash = dir.File("board");
            Json("flash", target, "--arch", "64-32-10", "--flash-dir", flash);
            var (code, line) = Fail("train", target, "--data", "digits", "--epochs", "1", "--flash-dir", flash, "--timeout", "1");
            Assert.Equal(1, code);
            Assert.Equal($"edge: board {target} is dead: it reached its end of life after 1000 operations and no longer answers", line);
            (_, line) = Fail("eval", target, "--data", "digits", "--flash-dir", flash, "--timeout", "1");
            Assert.Contains("is dead", line);
        });
    }

    [Fact]
    public void BoardsListsTheShippedProfilesAndDescribesABoard()
    {
        var listed = Json("boards");
        var names = listed.GetProperty("profiles").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains("sim-digits", names);
        Assert.Contains("sim-analog-neurons", names);
        Assert.Equal(System.Text.Json.JsonValueKind.Array, listed.GetProperty("serial_ports").ValueKind);

        using var dir = new TempDirectory();
        var described = Json("boards", "sim:sim-digits#14", "--flash-dir", dir.Path);
        Assert.Equal(64, described.GetProperty("channels").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, described.GetProperty("model").ValueKind);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
