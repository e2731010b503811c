using System.Diagnostics;
using System.Net;
using Edge.Boards.Profiles;
using Edge.Boards.Simulated;
using Edge.Host.Cli;
using Edge.Host.Targets;
using Edge.Host.Transport;
using Edge.Tests.Boards;
using Edge.Tests.Data;
using Edge.Tests.Transport;
using Xunit;

namespace Edge.Tests.Targets;

public class BoardServerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private static readonly IPEndPoint AnyLoopbackPort = new(IPAddress.Loopback, 0);

    /// <summary>
    /// Sends <paramref name="message"/> and reads as many bytes back. A TCP server hands its endpoint whole frames
    /// only (bytes up to a 0x00 delimiter), so messages to it end with 0.
    /// </summary>
    private static byte[] RoundTrip(IByteTransport transport, byte[] message)
    {
        transport.Write(message, 0, message.Length);
        var back = new byte[message.Length];
        for (int got = 0; got < back.Length;)
        {
            int n = transport.Read(back, got, back.Length - got, Wait);
            Assert.True(n > 0, "no echo");
            got += n;
        }
        return back;
    }

    private static void AssertClosedSoon(IByteTransport transport)
    {
        var buffer = new byte[16];
        Assert.Throws<TransportClosedException>(() =>
        {
            for (int i = 0; i < 50; i++) transport.Read(buffer, 0, buffer.Length, TimeSpan.FromMilliseconds(100));
        });
    }

    [Fact]
    public void TcpServerEchoesOneClientAfterAnotherAndStopsOnCancel()
    {
        HangGuard.Run(() =>
        {
            using var server = new TcpBoardServer(AnyLoopbackPort, new EchoEndpoint(), () => true);
            Assert.Equal(IPAddress.Loopback, server.LocalEndPoint.Address);
            Assert.NotEqual(0, server.LocalEndPoint.Port);
            using var stop = new CancellationTokenSource();
            ServeOutcome? outcome = null;
            using var running = new WorkerThread(() => outcome = server.Run(stop.Token));

            var target = Assert.IsType<TcpTarget>(Target.Parse(server.Address));
            using (var first = TcpTransport.Connect(target.Host, target.Port, Wait))
                Assert.Equal("hello\0"u8.ToArray(), RoundTrip(first, "hello\0"u8.ToArray()));
            using (var second = TcpTransport.Connect(target.Host, target.Port, Wait))
            {
                var big = new byte[100_000];
                for (int i = 0; i < big.Length; i++) big[i] = (byte)(i * 7 + i / 251);   // a 0 at least every 256 bytes
                big[0] = 1;   // no empty frame (a lone 0), which carries nothing to pass on
                big[^1] = 0;
                Assert.Equal(big, RoundTrip(second, big));
            }

            var watch = Stopwatch.StartNew();
            stop.Cancel();
            running.Join();
            Assert.Equal(ServeOutcome.Cancelled, outcome);
            Assert.True(watch.ElapsedMilliseconds < 15000, $"stopping took {watch.ElapsedMilliseconds} ms");
            var refused = Assert.Throws<TransportException>(() => TcpTransport.Connect(target.Host, target.Port, Wait));
            Assert.Contains("connection refused", refused.Message);
        });
    }

    [Fact]
    public void CancellingWhileAClientIsConnectedClosesItsConnection()
    {
        HangGuard.Run(() =>
        {
            using var server = new TcpBoardServer(AnyLoopbackPort, new EchoEndpoint(), () => true);
            using var stop = new CancellationTokenSource();
            ServeOutcome? outcome = null;
            using var running = new WorkerThread(() => outcome = server.Run(stop.Token));
            using var client = TcpTransport.Connect("127.0.0.1", server.LocalEndPoint.Port, Wait);
            RoundTrip(client, new byte[] { 1, 0 });
            stop.Cancel();
            AssertClosedSoon(client);
            running.Join();
            Assert.Equal(ServeOutcome.Cancelled, outcome);
        });
    }

    [Fact]
    public void ABoardThatReachesEndOfLifeStopsAnsweringAndClosesTheServer()
    {
        HangGuard.Run(() =>
        {
            BoardProfile mortal = BoardTestProfiles.Ideal() with { Name = "mortal", EndOfLifeOps = 10 };
            using var board = SimulatedBoard.InMemory(mortal, 1);
            using var server = new TcpBoardServer(AnyLoopbackPort, new EchoEndpoint(board), () => board.IsAlive);
            ServeOutcome? outcome = null;
            using var running = new WorkerThread(() => outcome = server.Run(CancellationToken.None));
            using var client = TcpTransport.Connect("127.0.0.1", server.LocalEndPoint.Port, Wait);
            RoundTrip(client, new byte[] { 1, 1, 1, 1, 1, 1, 1, 1, 0 });
            client.Write(new byte[] { 1, 0 }, 0, 2); // the tenth operation wears the board out
            Assert.True(WaitFor(() => !board.IsAlive));
            running.Join();
            Assert.Equal(ServeOutcome.EndOfLife, outcome);
            // Whatever it still sent, the connection ends and nobody can connect again.
            var buffer = new byte[4];
            Assert.Throws<TransportClosedException>(() =>
            {
                for (int i = 0; i < 10; i++) client.Read(buffer, 0, 4, TimeSpan.FromMilliseconds(100));
            });
            Assert.Throws<TransportException>(() => TcpTransport.Connect("127.0.0.1", server.LocalEndPoint.Port, Wait));
        });
    }

    [Trait("Category", "Slow")] // over 2 s: left out by --filter "Category!=Slow"
    [Fact]
    public void ASilentClientIsClosedAfterTheIdleTimeout_AnActiveOneIsNot()
    {
        HangGuard.Run(() =>
        {
            using var board = SimulatedBoard.InMemory(BoardTestProfiles.Ideal(), 1);
            var log = new List<string>();
            var idle = TimeSpan.FromSeconds(1);
            using var server = new TcpBoardServer(AnyLoopbackPort, new FirmwareEndpoint(board), () => board.IsAlive,
                line => { lock (log) log.Add(line); }, idleTimeout: idle);
            using var stop = new CancellationTokenSource();
            using var running = new WorkerThread(() => server.Run(stop.Token));

            var watch = Stopwatch.StartNew();
            using (var silent = TcpTransport.Connect("127.0.0.1", server.LocalEndPoint.Port, Wait))
                AssertClosedSoon(silent);
            Assert.InRange(watch.Elapsed, idle, idle * 4);
            Assert.True(WaitFor(() => { lock (log) return log.Any(line => line.Contains("sent nothing for 1 s; closed")); }));

            using var active = new Edge.Host.Device.DeviceClient(TcpTransport.Connect("127.0.0.1", server.LocalEndPoint.Port, Wait), Wait);
            for (int i = 0; i < 5; i++)
            {
                active.Hello();
                Thread.Sleep(idle / 2);
            }
            Assert.Equal(8, active.Hello().ChannelCount);
            stop.Cancel();
        });
    }

    [Fact]
    public void ListeningOnABusyPortIsOneLineNamingTheAddress()
    {
        HangGuard.Run(() =>
        {
            using var first = new TcpBoardServer(AnyLoopbackPort, new EchoEndpoint(), () => true);
            var e = Assert.Throws<TransportException>(() => new TcpBoardServer(first.LocalEndPoint, new EchoEndpoint(), () => true));
            Assert.Equal($"cannot listen on {first.LocalEndPoint}: address already in use (another `edge board run`?)", e.Message);
        });
    }

    [Fact]
    public void SimTargetsRunInProcessOverAPipeAndKeepTheirWear()
    {
        HangGuard.Run(() =>
        {
            using var flash = new TempDirectory();
            Target target = Target.Parse("sim:sim-digits#77");
            EchoEndpoint? endpoint = null;
            using (BoardConnection connection = TargetConnector.Connect(target, board => endpoint = new EchoEndpoint(board), flash.Path))
            {
                Assert.NotNull(connection.SimulatedBoard);
                Assert.Equal("sim-digits", connection.SimulatedBoard!.Profile);
                Assert.Equal(77u, connection.SimulatedBoard.Serial);
                Assert.Equal("abc"u8.ToArray(), RoundTrip(connection.Transport, "abc"u8.ToArray()));
                Assert.Null(connection.ServerOutcome);
            }
            Assert.True(endpoint!.Disposed);
            using SimulatedBoard reopened = SimulatedBoard.Open(BoardTestProfiles.Shipped("sim-digits"), 77, flash.Path);
            Assert.Equal(3, reopened.OperationsUsed);
        });
    }

    [Fact]
    public void ASimBoardThatDiesClosesThePipe()
    {
        HangGuard.Run(() =>
        {
            using var dir = new TempDirectory();
            string json = File.ReadAllText(Path.Combine(BoardTestProfiles.SourceFolder, "sim-digits.json"));
            string profilePath = dir.Write("short-lived.json", json.Replace("\"end_of_life_ops\": 10000000", "\"end_of_life_ops\": 5"));
            Assert.Contains("\"end_of_life_ops\": 5", File.ReadAllText(profilePath));
            var target = new SimTarget(profilePath, 2);
            string flash = Path.Combine(dir.Path, "flash");
            using (BoardConnection connection = TargetConnector.Connect(target, board => new EchoEndpoint(board), flash))
            {
                connection.Transport.Write(new byte[5], 0, 5);
                AssertClosedSoon(connection.Transport);
                Assert.True(WaitFor(() => connection.ServerOutcome == ServeOutcome.EndOfLife));
            }
            using (BoardConnection again = TargetConnector.Connect(target, board => new EchoEndpoint(board), flash))
            {
                Assert.False(again.SimulatedBoard!.IsAlive);
                AssertClosedSoon(again.Transport);
            }
            var e = Assert.Throws<CliException>(() =>
                TargetConnector.ServeOverTcp(target, AnyLoopbackPort, board => new EchoEndpoint(board), CancellationToken.None, flashDirectory: flash));
            Assert.Contains("end of life", e.Message);
        });
    }

    [Fact]
    public void ServeOverTcpRunsASimBoardUntilCancelledAndReleasesIt()
    {
        HangGuard.Run(() =>
        {
            using var flash = new TempDirectory();
            var target = new SimTarget("sim-digits", 5);
            using var stop = new CancellationTokenSource();
            var listening = new ManualResetEventSlim();
            string? address = null;
            ServeOutcome? outcome = null;
            var log = new List<string>();
            using var running = new WorkerThread(() => outcome = TargetConnector.ServeOverTcp(target, AnyLoopbackPort,
                board => new EchoEndpoint(board), stop.Token, line => { lock (log) log.Add(line); }, flash.Path,
                server => { address = server.Address; listening.Set(); }));
            Assert.True(listening.Wait(Wait));
            using (BoardConnection connection = TargetConnector.Connect(Target.Parse(address!), _ => throw new InvalidOperationException("not in process")))
                Assert.Equal(new byte[] { 4, 2, 0 }, RoundTrip(connection.Transport, new byte[] { 4, 2, 0 }));
            stop.Cancel();
            running.Join();
            Assert.Equal(ServeOutcome.Cancelled, outcome);
            lock (log) Assert.Contains(log, line => line.EndsWith(" connected"));
            using SimulatedBoard reopened = TargetConnector.OpenSimulatedBoard(target, flash.Path); // lock released, wear saved
            Assert.Equal(3, reopened.OperationsUsed);
        });
    }

    [Fact]
    public void ConnectErrorsAreOneLineCliErrors()
    {
        HangGuard.Run(() =>
        {
            var unknown = Assert.Throws<CliException>(() => TargetConnector.Connect(Target.Parse("sim:no-such-profile#1"), b => new EchoEndpoint(b)));
            Assert.StartsWith("no board profile 'no-such-profile'", unknown.Message);
            Assert.Contains("sim-digits", unknown.Message); // lists the known ones

            int port;
            using (var probe = new TcpBoardServer(AnyLoopbackPort, new EchoEndpoint(), () => true)) port = probe.LocalEndPoint.Port;
            var refused = Assert.Throws<CliException>(() => TargetConnector.Connect(Target.Parse($"tcp://127.0.0.1:{port}"), b => new EchoEndpoint(b)));
            Assert.StartsWith($"cannot connect to tcp://127.0.0.1:{port}: connection refused", refused.Message);

            var missing = Assert.Throws<CliException>(() => TargetConnector.Connect(Target.Parse("serial:/dev/ttyNoSuch0"), b => new EchoEndpoint(b)));
            Assert.StartsWith("serial port /dev/ttyNoSuch0 does not exist", missing.Message);
        });
    }

    private static bool WaitFor(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > Wait) return false;
            Thread.Sleep(5);
        }
        return true;
    }
}
