using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Edge.Core.Protocol;
using Edge.Host.Boards;
using Edge.Host.Fleet;
using Edge.Tests.Data;
using Edge.Tests.Transport;
using MQTTnet;
using MQTTnet.Protocol;
using static Edge.Tests.Fleet.FleetTestKit;

namespace Edge.Tests.Fleet;

/// <summary>Boards and hosts through a real Mosquitto on loopback; every process a test starts, it stops.</summary>
public class FleetBrokerTests
{
    private static Dictionary<string, string> Home(TempDirectory dir) => new() { ["EDGE_HOME"] = dir.File("home") };

    [Trait("Category", "Slow")] // over 2 s: left out by --filter "Category!=Slow"
    [NeedsMosquittoFact]
    public void ThreeBoardsOfOneProcessAreFlashedTrainedAndListed_BitIdenticallyToAnInProcessBoard_AndSurviveABrokerRestart()
    {
        HangGuard.Run(() =>
        {
            using var broker = new MosquittoBroker();
            using var dir = new TempDirectory();
            using var boards = new BoardProcess(Home(dir), "board", "run", "--profile", "sim-digits", "--serial", "31", "--count", "3",
                "--mqtt", broker.Url, "--id", "rack", "--flash-dir", dir.File("flash"), "--keepalive", "2");
            Assert.True(boards.Started != null, "board run did not start: " + boards.Log);
            Assert.Equal(["rack-31", "rack-32", "rack-33"], boards.Started!.Value.GetProperty("boards").EnumerateArray().Select(b => b.GetProperty("id").GetString()));

            Json("fleet", "flash", broker.Url, "--arch", "64-32-10", "--seed", "5");
            JsonElement trained = Json("fleet", "train", broker.Url, "--data", "digits", "--epochs", "2");
            var byId = BoardsOf(trained);
            Assert.Equal(3, byId.Count);
            Assert.All(byId.Values, b => Assert.InRange(b.GetProperty("test_accuracy").GetDouble(), 60, 100));
            Assert.Equal(byId.Values.Sum(b => b.GetProperty("samples_per_second").GetDouble()), trained.GetProperty("samples_per_second").GetDouble(), 0.5);

            // the same frames as any other line: the in-process board of serial 31 learns exactly the same
            string local = dir.File("local");
            Json("flash", "sim:sim-digits#31", "--arch", "64-32-10", "--seed", "5", "--flash-dir", local);
            JsonElement alone = Json("train", "sim:sim-digits#31", "--data", "digits", "--epochs", "2", "--flash-dir", local);
            Assert.Equal(alone.GetProperty("test_accuracy").GetDouble(), byId["rack-31"].GetProperty("test_accuracy").GetDouble());
            Json("weights", "get", broker.Url + "/rack-31", "--out", dir.File("mqtt.edgw"));
            Json("weights", "get", "sim:sim-digits#31", "--flash-dir", local, "--out", dir.File("sim.edgw"));
            Assert.Equal(WeightsFile.Load(dir.File("sim.edgw")).Weights, WeightsFile.Load(dir.File("mqtt.edgw")).Weights);

            var listed = BoardsOf(Json("fleet", "list", broker.Url));
            foreach (string id in byId.Keys)
            {
                Assert.True(listed[id].GetProperty("online").GetBoolean());
                Assert.Equal("64-32-10", listed[id].GetProperty("arch").GetString());
                Assert.InRange(listed[id].GetProperty("ops_left").GetInt64(), 1, 10_000_000 - 2 * 1297);
                Assert.Equal(byId[id].GetProperty("test_accuracy").GetDouble(), listed[id].GetProperty("test_accuracy").GetDouble());
            }

            broker.Kill();
            broker.Start();
            WaitUntil(() => Statuses(broker), s => s.Count(b => b.Online) == 3, TimeSpan.FromSeconds(15), "boards back online after the broker restarted");
            Assert.Equal(byId["rack-32"].GetProperty("test_accuracy").GetDouble(), Statuses(broker).Single(b => b.Id == "rack-32").TestAccuracy);

            var watch = Stopwatch.StartNew();
            boards.Kill();
            WaitUntil(() => Statuses(broker), s => s.All(b => !b.Online), TimeSpan.FromSeconds(3), "offline within 1.5 x the 2 s keepalive");
            Assert.InRange(watch.Elapsed.TotalSeconds, 0, 3);
        }, TimeSpan.FromSeconds(90));
    }

    [NeedsMosquittoFact]
    public void BadPayloadsAreDroppedWithTheirReason_AReplayIsNotExecutedTwice_AndTheBoardKeepsServing()
    {
        HangGuard.Run(() =>
        {
            using var broker = new MosquittoBroker();
            using var dir = new TempDirectory();
            using var board = new BoardProcess(Home(dir), "board", "run", "--profile", "sim-digits", "--serial", "41", "--mqtt", broker.Url,
                "--id", "lone", "--flash-dir", dir.File("flash"), "--keepalive", "2");
            Assert.True(board.Started != null, board.Log);
            using IMqttClient raw = RawClient(broker);
            var answers = new List<string>();
            raw.ApplicationMessageReceivedAsync += e =>
            {
                lock (answers) answers.Add(RequestId.TryRead(e.ApplicationMessage.CorrelationData, out RequestId id) ? id.ToString() : "?");
                return Task.CompletedTask;
            };
            raw.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("edge/lone/resp", MqttQualityOfServiceLevel.AtLeastOnce).Build()).GetAwaiter().GetResult();

            string req = FleetTopics.Request("lone");
            byte[] hello = FleetMessageTests.Frame(MessageType.Hello, 1);
            Publish(raw, req, new byte[3000], new RequestId(9, 1));
            Publish(raw, req, Encoding.ASCII.GetBytes("no frame at all"), new RequestId(9, 2));
            Publish(raw, req, hello, null);
            Publish(raw, req, hello, new RequestId(9, 3));
            Publish(raw, req, hello, new RequestId(9, 3));
            Publish(raw, FleetTopics.Note("lone"), Encoding.UTF8.GetBytes("""{"ops_left":1}"""), new RequestId(9, 4));
            // the note went last: once it is logged, so are the others (one board handles its messages in order)
            Assert.True(board.WaitForLog("malformed note (field 'ops_left'", TimeSpan.FromSeconds(10)), board.Log);
            Assert.Contains("replayed message", board.Log);
            Assert.Contains("oversized payload (3000 bytes", board.Log);
            Assert.Contains("malformed payload", board.Log);
            Assert.Contains("without a 16-byte request id", board.Log);
            Thread.Sleep(300);
            lock (answers) Assert.Equal([new RequestId(9, 3).ToString()], answers);   // one answer: the replay was not executed

            JsonElement described = Json("boards", broker.Url + "/lone");
            Assert.Equal(41, described.GetProperty("serial").GetInt32());
        }, TimeSpan.FromSeconds(60));
    }

    [Trait("Category", "Slow")] // over 2 s: left out by --filter "Category!=Slow"
    [NeedsMosquittoFact]
    public void ATakenIdIsRefused_AnUnknownOrOfflineIdFailsNamingIt_AndABrokerThatIsDownIsOneLine()
    {
        HangGuard.Run(() =>
        {
            using var broker = new MosquittoBroker();
            using var dir = new TempDirectory();
            using var first = new BoardProcess(Home(dir), "board", "run", "--profile", "sim-digits", "--serial", "42", "--mqtt", broker.Url,
                "--id", "twin", "--flash-dir", dir.File("a"), "--keepalive", "2");
            Assert.True(first.Started != null, first.Log);
            using (var second = new BoardProcess(Home(dir), "board", "run", "--profile", "sim-digits", "--serial", "43", "--mqtt", broker.Url,
                       "--id", "twin", "--flash-dir", dir.File("b"), "--keepalive", "2"))
            {
                Assert.Null(second.Started);
                Assert.NotEqual(0, second.ExitCode);
                Assert.Contains("board id 'twin' is already online", second.Log);
            }

            var watch = Stopwatch.StartNew();
            var (_, unknown) = Commands.EdgeRunner.Fail("boards", broker.Url + "/nobody", "--timeout", "2");
            Assert.Contains("no board 'nobody'", unknown);
            Assert.InRange(watch.Elapsed.TotalSeconds, 0, 2);

            first.Kill();
            WaitUntil(() => Statuses(broker), s => !s.Single().Online, TimeSpan.FromSeconds(3), "twin offline");
            var (_, offline) = Commands.EdgeRunner.Fail("train", broker.Url + "/twin", "--timeout", "2");
            Assert.Contains("board 'twin'", offline);
            Assert.Contains("is offline", offline);

            broker.Kill();
            var (code, down) = Commands.EdgeRunner.Fail("fleet", "list", broker.Url);
            Assert.Equal(1, code);
            Assert.Contains($"cannot connect to {broker.Url}: connection refused", down);
            using var orphan = new BoardProcess(Home(dir), "board", "run", "--profile", "sim-digits", "--serial", "44", "--mqtt", broker.Url,
                "--id", "orphan", "--flash-dir", dir.File("c"));
            Assert.Null(orphan.Started);
            Assert.Equal(1, orphan.ExitCode);
            Assert.Single(orphan.Log.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }, TimeSpan.FromSeconds(60));
    }

    [Trait("Category", "Slow")] // over 2 s: left out by --filter "Category!=Slow"
    [NeedsMosquittoFact]
    public void UnderTheAclNeitherAStrangerNorAnotherBoardCanMakeABoardExecuteARequest()
    {
        HangGuard.Run(() =>
        {
            using var broker = new MosquittoBroker(["b-1", "b-2"]);
            using var dir = new TempDirectory();
            // each board logs in as its own id
            using var boards = new BoardProcess(Home(dir), "board", "run", "--profile", "sim-digits", "--serial", "1", "--count", "2",
                "--mqtt", broker.Url, "--id", "b", "--password-file", broker.PasswordFile, "--flash-dir", dir.File("flash"), "--keepalive", "2");
            Assert.True(boards.Started != null, boards.Log);

            var (_, anonymous) = Commands.EdgeRunner.Fail("fleet", "list", broker.Url);
            Assert.Contains("not authorized", anonymous);
            string wrong = dir.Write("wrong", "not-the-password");
            var (_, refused) = Commands.EdgeRunner.Fail("fleet", "list", broker.Url, "--user", MosquittoBroker.HostUser, "--password-file", wrong);
            Assert.True(refused.Contains("refused the credentials of user 'edge-host'"), refused);
            Assert.Contains("NotAuthorized", Assert.Throws<InvalidOperationException>(() => RawClient(broker).Dispose()).Message);

            long Requests() => Statuses(broker).Single(b => b.Id == "b-2").Requests;
            byte[] hello = FleetMessageTests.Frame(MessageType.Hello, 1);
            long before = Requests();
            using (IMqttClient asBoard = RawClient(broker, "b-1", MosquittoBroker.Password))
            {
                Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, Publish(asBoard, FleetTopics.Request("b-2"), hello, new RequestId(5, 1)));
                Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, Publish(asBoard, FleetTopics.Request("b-1"), hello, new RequestId(5, 2)));
            }
            Thread.Sleep(2500);   // past a status heartbeat of the 2 s keepalive
            Assert.Equal(before, Requests());
            Assert.DoesNotContain("board b-2: dropped", boards.Log);

            // the control: the same request from the host account is executed
            using (IMqttClient host = RawClient(broker, MosquittoBroker.HostUser, MosquittoBroker.Password))
                Publish(host, FleetTopics.Request("b-2"), hello, new RequestId(6, 1));
            WaitUntil(Requests, n => n == before + 1, TimeSpan.FromSeconds(5), "the host's request executed");

            JsonElement listed = Json(["fleet", "list", broker.Url, .. HostOptions(broker)]);
            Assert.Equal(2, listed.GetProperty("online").GetInt32());
        }, TimeSpan.FromSeconds(60));
    }

    [Trait("Category", "Slow")] // over 2 s: left out by --filter "Category!=Slow"
    [NeedsMosquittoFact]
    public void WithTlsABoardAndTheHostTrustOnlyTheBrokersCa()
    {
        if (!File.Exists(MosquittoBroker.OpenSsl)) return;   // openssl makes the test certificates
        HangGuard.Run(() =>
        {
            using var broker = new MosquittoBroker(tls: true);
            using var dir = new TempDirectory();
            using var board = new BoardProcess(Home(dir), "board", "run", "--profile", "sim-digits", "--serial", "71", "--mqtt", broker.Url,
                "--id", "sealed", "--ca", broker.CaFile, "--flash-dir", dir.File("flash"));
            Assert.True(board.Started != null, board.Log);
            JsonElement listed = Json("fleet", "list", broker.Url, "--ca", broker.CaFile);
            Assert.Equal(1, listed.GetProperty("online").GetInt32());
            Assert.Equal(71, Json("boards", broker.Url + "/sealed", "--ca", broker.CaFile).GetProperty("serial").GetInt32());

            MosquittoBroker.Run(MosquittoBroker.OpenSsl, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir.File("other.key"),
                "-out", dir.File("other.crt"), "-days", "2", "-subj", "/CN=another-ca"]);
            var (_, untrusted) = Commands.EdgeRunner.Fail("fleet", "list", broker.Url, "--ca", dir.File("other.crt"));
            Assert.Contains("TLS failed", untrusted);
            var (_, plain) = Commands.EdgeRunner.Fail("fleet", "list", broker.Url);
            Assert.Contains("cannot connect to " + broker.Url, plain);
        }, TimeSpan.FromSeconds(60));
    }
}
