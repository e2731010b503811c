using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using Edge.Core.Protocol;
using Edge.Host.Device;
using Edge.Host.Transport;
using Edge.Tests.Data;
using Edge.Tests.Firmware;
using Edge.Tests.Transport;
using static Edge.Tests.Commands.EdgeRunner;

namespace Edge.Tests.Commands;

/// <summary>
/// Issue 17, cases 5 and 6, through `edge board run` as its own process on a real socket: a half frame dies with its
/// connection, a second client is told BUSY at once instead of waiting behind a silent one, and with --key-file a
/// client without the key gets nothing but HELLO answered; a non-loopback address needs a key or --insecure.
/// </summary>
public sealed class BoardServerSafetyTests
{
    private static readonly TimeSpan Answer = TimeSpan.FromSeconds(3);

    /// <summary>`edge board run` on a free loopback port; its address once it listens.</summary>
    private static (Process Board, string Host, int Port) StartBoard(TempDirectory dir, int serial, params string[] more)
    {
        Process board = Start(new Dictionary<string, string> { ["EDGE_HOME"] = dir.File("home") }, ["board", "run", "--profile", "sim-digits",
            "--serial", serial.ToString(), "--listen", "127.0.0.1:0", "--flash-dir", dir.File("flash"), "--json", .. more]);
        string? first = board.StandardOutput.ReadLine();
        if (first == null) Assert.Fail("edge board run printed nothing: " + board.StandardError.ReadToEnd());
        var address = new Uri(JsonDocument.Parse(first!).RootElement.GetProperty("address").GetString()!);
        return (board, address.Host, address.Port);
    }

    private static void Stop(Process board)
    {
        if (!board.HasExited) board.Kill();
        board.WaitForExit(10_000);
    }

    [Trait("Category", "Slow")] // over 2 s: left out by --filter "Category!=Slow"
    [Fact]
    public void AHalfFrameDiesWithItsConnection_AndASecondClientIsToldBusyAtOnce()
    {
        HangGuard.Run(() =>
        {
            using var dir = new TempDirectory();
            var (board, host, port) = StartBoard(dir, 91);
            try
            {
                // like `printf 'hello\n' | socat -u - TCP:host:port`: bytes with no frame end, then gone
                using (var raw = new TcpClient(host, port)) raw.GetStream().Write("hello\n"u8);
                Thread.Sleep(300);
                using (var client = new DeviceClient(TcpTransport.Connect(host, port, Answer), Answer))
                    Assert.Equal("sim-digits", client.Hello().Profile);

                // a client that connects and says nothing holds the board; the next one hears BUSY, not silence
                using var silent = TcpTransport.Connect(host, port, Answer);
                Thread.Sleep(300);
                var watch = Stopwatch.StartNew();
                using var second = new DeviceClient(TcpTransport.Connect(host, port, Answer), TimeSpan.FromSeconds(10));
                var busy = Assert.Throws<DeviceException>(() => second.Hello());
                Assert.Equal(ErrorCode.Busy, busy.Code);
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"BUSY came after {watch.Elapsed.TotalSeconds:0.0} s, not at once");
            }
            finally
            {
                Stop(board);
            }
        }, TimeSpan.FromSeconds(60));
    }

    [Trait("Category", "Slow")] // over 2 s: left out by --filter "Category!=Slow"
    [Fact]
    public void WithAKey_AClientWithoutItGetsOnlyHelloAnswered()
    {
        HangGuard.Run(() =>
        {
            using var dir = new TempDirectory();
            string key = dir.Write("board.key", "c2VjcmV0LWJvYXJkLWtleS1mb3ItdGVzdHMtMTIzNA==\n");
            string wrong = dir.Write("wrong.key", "d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXk=\n");
            var (board, host, port) = StartBoard(dir, 92, "--key-file", key);
            try
            {
                using (var transport = TcpTransport.Connect(host, port, Answer))
                {
                    var link = new RawLink(transport);
                    Assert.Equal(MessageType.ResponseTo(MessageType.Hello), link.Request(MessageType.Hello, []).Type);
                    // every other request, known or not, with an empty body and with a body that would be valid
                    for (int type = 0x02; type <= 0x7E; type++)
                    {
                        if (type == MessageType.Auth) continue;
                        foreach (byte[] body in new[] { Array.Empty<byte>(), ValidConfig() })
                        {
                            var answer = link.Request((byte)type, body);
                            Assert.Equal(MessageType.Error, answer.Type);
                            Assert.Equal(ErrorCode.Unauthorized, FirmwareLink.ErrorCodeOf(answer.Body));
                        }
                    }
                }
                using (var client = new DeviceClient(TcpTransport.Connect(host, port, Answer), Answer))
                {
                    client.Hello();
                    var refused = Assert.Throws<DeviceException>(() => client.Authenticate(Edge.Host.Transport.BoardKey.Load(wrong)));
                    Assert.Equal(ErrorCode.Unauthorized, refused.Code);
                }

                // with the key: the board is there, and nothing the others sent was executed
                using (var client = new DeviceClient(TcpTransport.Connect(host, port, Answer), Answer))
                {
                    client.Authenticate(Edge.Host.Transport.BoardKey.Load(key));
                    Assert.Null(client.Info().Model);
                }
                string target = $"tcp://{host}:{port}?key-file={key}";
                Json("flash", target, "--arch", "64-16-10");
                Json("weights", "get", target, "--out", dir.File("w.edgw"));
                var (code, line) = Fail("weights", "get", $"tcp://{host}:{port}", "--out", dir.File("x.edgw"));
                Assert.Contains("UNAUTHORIZED", line);
            }
            finally
            {
                Stop(board);
            }
        }, TimeSpan.FromSeconds(60));
    }

    private static byte[] ValidConfig()
    {
        var config = new Edge.Core.Storage.ModelConfig { Algorithm = 1 };
        config.SetSizes([64, 16, 10]);
        var body = new byte[FrameLimits.MaxBody];
        var writer = new BodyWriter(body);
        Assert.True(Edge.Core.Protocol.ConfigCodec.Write(writer, config));
        return body[..writer.Length];
    }

    /// <summary>Frames by hand over a socket: one request, the answer with its sequence number.</summary>
    private sealed class RawLink(IByteTransport transport)
    {
        private readonly FrameReader _reader = new();
        private readonly byte[] _received = new byte[4096];
        private ushort _sequence = 100;

        public (byte Type, byte[] Body) Request(byte type, byte[] body)
        {
            ushort sequence = ++_sequence;
            byte[] frame = FirmwareLink.Frame(type, sequence, body);
            transport.Write(frame, 0, frame.Length);
            while (true)
            {
                int n = transport.Read(_received, 0, _received.Length, Answer);
                Assert.True(n > 0, $"no answer to request 0x{type:X2}");
                for (int at = 0; at < n;)
                {
                    FrameStatus status = _reader.Push(_received, at, n - at, out int used);
                    at += used;
                    if (status == FrameStatus.Ok && _reader.Sequence == sequence)
                    {
                        Assert.Equal(n, at);   // exactly one answer
                        return (_reader.Type, _reader.Body.AsSpan(_reader.BodyOffset, _reader.BodyLength).ToArray());
                    }
                }
            }
        }
    }

    [Fact]
    public void ANonLoopbackAddress_NeedsAKeyOrInsecure()
    {
        HangGuard.Run(() =>
        {
            using var dir = new TempDirectory();
            var (code, line) = Fail("board", "run", "--profile", "sim-digits", "--listen", "0.0.0.0:0", "--flash-dir", dir.File("flash"));
            Assert.Equal(2, code);
            Assert.Contains("--key-file", line);
            Assert.Contains("--insecure", line);
        }, TimeSpan.FromSeconds(20));   // a server that starts instead serves until it is stopped
    }
}
