using System.Diagnostics;
using System.Text.Json;
using Edge.Boards.Simulated;
using Edge.Host.Fleet;
using Edge.Tests.Data;
using Edge.Tests.Transport;
using static Edge.Tests.Fleet.FleetTestKit;

namespace Edge.Tests.Fleet;

/// <summary>A serial board joining through a gateway, and the warden retiring a board before it dies.</summary>
public class FleetBridgeAndWardenTests
{
    private static Dictionary<string, string> Home(TempDirectory dir) => new() { ["EDGE_HOME"] = dir.File("home") };

    [Trait("Category", "Slow")] // over 2 s: left out by --filter "Category!=Slow"
    [NeedsMosquittoFact]
    public void ABoardBehindASerialLineJoinsTheBrokerThroughABridge()
    {
        if (SocatPtyPair.SocatPath == null) return;   // needs socat as well (installed by .ci/run)
        HangGuard.Run(() =>
        {
            using var broker = new MosquittoBroker();
            using var dir = new TempDirectory();
            // the board: firmware on the far end of a pseudo-terminal (socat joins the pty to the board's TCP server)
            using var board = new BoardProcess(Home(dir), "board", "run", "--profile", "sim-digits", "--serial", "51", "--listen", "127.0.0.1:0",
                "--flash-dir", dir.File("flash"));
            Assert.True(board.Started != null, board.Log);
            string address = board.Started!.Value.GetProperty("address").GetString()!;
            string tty = dir.File("ttyBoard");
            using Process socat = Process.Start(new ProcessStartInfo(SocatPtyPair.SocatPath)
            {
                ArgumentList = { "pty,raw,echo=0,link=" + tty, "tcp:" + address["tcp://".Length..] },
                RedirectStandardError = true,
            })!;
            try
            {
                WaitUntil(() => File.Exists(tty), x => x, TimeSpan.FromSeconds(10), "socat's pty");
                using var gateway = new BoardProcess(Home(dir), "board", "run", "--bridge", "serial:" + tty, "--mqtt", broker.Url, "--id", "bridged");
                Assert.True(gateway.Started != null, gateway.Log);

                Json("flash", broker.Url + "/bridged", "--arch", "64-32-10");
                JsonElement trained = Json("train", broker.Url + "/bridged", "--data", "digits", "--epochs", "1");
                Assert.InRange(trained.GetProperty("test_accuracy").GetDouble(), 50, 100);
                BoardStatus status = WaitUntil(() => Statuses(broker).Single(), s => s.TestAccuracy != null, TimeSpan.FromSeconds(5), "the bridged board's status");
                Assert.Equal(("sim-digits", 51u, "64-32-10", true), (status.Profile!, status.Serial!.Value, status.Arch!, status.Online));
                Assert.Equal(trained.GetProperty("test_accuracy").GetDouble(), status.TestAccuracy);
            }
            finally
            {
                if (!socat.HasExited) { socat.Kill(); socat.WaitForExit(5000); }
            }
        }, TimeSpan.FromSeconds(60));
    }

    [Trait("Category", "Slow")] // over 2 s: left out by --filter "Category!=Slow"
    [NeedsMosquittoFact]
    public void TheWardenMovesANearlyWornOutBoardToItsSpareBeforeItDies_AndTheSpareNamesItsModel()
    {
        HangGuard.Run(() =>
        {
            using var broker = new MosquittoBroker();
            using var dir = new TempDirectory();
            string[] run = ["board", "run", "--profile", "sim-digits", "--serial", "61", "--count", "2", "--mqtt", broker.Url, "--id", "w",
                            "--flash-dir", dir.File("flash"), "--keepalive", "2"];
            using (var boards = new BoardProcess(Home(dir), run))
            {
                Assert.True(boards.Started != null, boards.Log);
                // without --arch: every board gets bench learn's network for the data
                JsonElement flashed = Json("fleet", "flash", broker.Url, "--data", "digits");
                Assert.Equal("64-32-10", flashed.GetProperty("arch").GetString());
                Assert.All(flashed.GetProperty("boards").EnumerateArray(), b => Assert.Equal("64-32-10", b.GetProperty("arch").GetString()));
                Json("train", broker.Url + "/w-61", "--data", "digits", "--epochs", "10");
            }
            // the old board, aged to 30 000 operations before its end of life (a harvest takes about 1 800)
            string oldFlash = Path.Combine(dir.File("flash"), "sim-digits-61");
            BoardStateFile.Write(oldFlash, new BoardStateFile.State("sim-digits", 61, 10_000_000 - 30_000));
            using var again = new BoardProcess(Home(dir), run);
            Assert.True(again.Started != null, again.Log);

            JsonElement watched = Json("fleet", "watch", broker.Url, "--spares", "w-62", "--min-ops-left", "100000", "--data", "digits",
                "--epochs", "20", "--max-retirements", "1", "--cache-dir", dir.Path, "--poll", "0.2");
            JsonElement retirement = Assert.Single(watched.GetProperty("retirements").EnumerateArray());
            Assert.Equal(("w-61", "w-62"), (retirement.GetProperty("from").GetString(), retirement.GetProperty("to").GetString()));
            Assert.InRange(retirement.GetProperty("accuracy_ratio").GetDouble(), 0.9, 1.2);
            Assert.Contains("distilled from mqtt://127.0.0.1:" + broker.Port + "/w-61", retirement.GetProperty("spare_model").GetString());

            var byId = Statuses(broker).ToDictionary(s => s.Id);
            Assert.True(byId["w-61"] is { Retired: true, RetiredTo: "w-62", Alive: true, Online: true }, byId["w-61"].ToString());
            Assert.InRange(byId["w-61"].OpsLeft!.Value, 1, 30_000);
            Assert.Contains("w-61", byId["w-62"].Model);
            Assert.Equal(retirement.GetProperty("new_accuracy").GetDouble(), byId["w-62"].TestAccuracy);
        }, TimeSpan.FromSeconds(90));
    }
}
