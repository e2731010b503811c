using System.Diagnostics;
using System.Text.Json;
using Edge.Host.Boards;
using Edge.Tests.Data;
using Edge.Tests.Transport;
using Xunit;
using static Edge.Tests.Commands.EdgeRunner;

namespace Edge.Tests.Commands;

/// <summary>`edge board run` as its own process, served over a real loopback socket.</summary>
public class TcpBoardProcessTests
{
    [Fact]
    public void ABoardServedByAnotherProcessTrainsBitIdenticallyToTheInProcessBoard()
    {
        HangGuard.Run(() =>
        {
            using var dir = new TempDirectory();
            var environment = new Dictionary<string, string> { ["EDGE_HOME"] = dir.File("home") };
            using Process board = Start(environment, "board", "run", "--profile", "sim-digits", "--serial", "21",
                "--listen", "127.0.0.1:0", "--flash-dir", dir.File("served"), "--json");
            try
            {
                string? first = board.StandardOutput.ReadLine();
                if (first == null) Assert.Fail("edge board run printed nothing: " + board.StandardError.ReadToEnd());
                string address = JsonDocument.Parse(first!).RootElement.GetProperty("address").GetString()!;
                Assert.StartsWith("tcp://127.0.0.1:", address);

                var overTcp = RunAll(address, null, dir.File("tcp.edgw"));
                var inProcess = RunAll("sim:sim-digits#21", dir.File("local"), dir.File("sim.edgw"));
                Assert.Equal(inProcess.Trained.GetProperty("samples").GetInt64(), overTcp.Trained.GetProperty("samples").GetInt64());
                Assert.Equal(inProcess.Trained.GetProperty("train_accuracy").GetDouble(), overTcp.Trained.GetProperty("train_accuracy").GetDouble());
                Assert.Equal(inProcess.Trained.GetProperty("test_accuracy").GetDouble(), overTcp.Trained.GetProperty("test_accuracy").GetDouble());
                Assert.Equal(WeightsFile.Load(dir.File("sim.edgw")).Weights, WeightsFile.Load(dir.File("tcp.edgw")).Weights);
                Assert.Equal(File.ReadAllBytes(dir.File("sim.edgw")), File.ReadAllBytes(dir.File("tcp.edgw")));
            }
            finally
            {
                if (!board.HasExited) board.Kill();
                board.WaitForExit(10_000);
            }
        }, TimeSpan.FromSeconds(60));
    }

    private static (JsonElement Trained, JsonElement Got) RunAll(string target, string? flashDir, string weights)
    {
        string[] flash = flashDir == null ? [] : ["--flash-dir", flashDir];
        Json(["flash", target, "--arch", "64-32-10", "--seed", "5", .. flash]);
        JsonElement trained = Json(["train", target, "--data", "digits", "--epochs", "2", .. flash]);
        JsonElement got = Json(["weights", "get", target, "--out", weights, .. flash]);
        return (trained, got);
    }
}
