using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Edge.Host.Transport;
using Xunit;

namespace Edge.Tests.Transport;

public class TcpTransportTests
{
    private static Socket Listen(int backlog = 4)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(backlog);
        return listener;
    }

    private static int PortOf(Socket listener) => ((IPEndPoint)listener.LocalEndPoint!).Port;

    [Fact]
    public void BytesCrossBothWaysThenReadTimesOutThenTheClosedPeerIsReported()
    {
        HangGuard.Run(() =>
        {
            using Socket listener = Listen();
            using var client = TcpTransport.Connect("127.0.0.1", PortOf(listener), TimeSpan.FromSeconds(5));
            using var server = new TcpTransport(listener.Accept(), "test-server");
            Assert.Equal($"tcp://127.0.0.1:{PortOf(listener)}", client.Peer);

            client.Write(new byte[] { 1, 2, 3, 4 }, 0, 4);
            var buffer = new byte[16];
            int got = 0;
            while (got < 4) got += server.Read(buffer, got, 16 - got, TimeSpan.FromSeconds(5));
            Assert.Equal(new byte[] { 1, 2, 3, 4 }, buffer[..4]);
            server.Write(new byte[] { 5 }, 0, 1);
            Assert.Equal(1, client.Read(buffer, 0, 16, TimeSpan.FromSeconds(5)));
            Assert.Equal(5, buffer[0]);

            var watch = Stopwatch.StartNew();
            Assert.Equal(0, client.Read(buffer, 0, 16, TimeSpan.FromMilliseconds(80)));
            Assert.InRange(watch.ElapsedMilliseconds, 70, 15000);

            server.Dispose();
            var e = Assert.Throws<TransportClosedException>(() => client.Read(buffer, 0, 16, TimeSpan.FromSeconds(5)));
            Assert.Contains("tcp://127.0.0.1:", e.Message);
        });
    }

    [Fact]
    public void ConnectionRefusedIsOneLineNamingTheAddress()
    {
        HangGuard.Run(() =>
        {
            int port;
            using (Socket listener = Listen()) port = PortOf(listener); // now nothing listens there
            var e = Assert.Throws<TransportException>(() => TcpTransport.Connect("127.0.0.1", port, TimeSpan.FromSeconds(5)));
            Assert.StartsWith($"cannot connect to tcp://127.0.0.1:{port}: connection refused", e.Message);
            Assert.DoesNotContain('\n', e.Message);
        });
    }

    [Fact]
    public void UnknownHostIsReported()
    {
        HangGuard.Run(() =>
        {
            var e = Assert.Throws<TransportException>(() => TcpTransport.Connect("no-such-host.invalid", 5555, TimeSpan.FromSeconds(5)));
            Assert.StartsWith("cannot connect to tcp://no-such-host.invalid:5555: ", e.Message);
            Assert.DoesNotContain('\n', e.Message);
        });
    }

    [Fact]
    public void ConnectGivesUpAfterTheTimeout()
    {
        HangGuard.Run(() =>
        {
            // A listener that never accepts, with a full backlog, leaves new connections unanswered (Linux drops the SYN).
            using Socket listener = Listen(backlog: 0);
            var connected = new List<TcpTransport>();
            try
            {
                TransportException? timedOut = null;
                var watch = new Stopwatch();
                for (int i = 0; i < 10 && timedOut == null; i++)
                {
                    watch.Restart();
                    try { connected.Add(TcpTransport.Connect("127.0.0.1", PortOf(listener), TimeSpan.FromMilliseconds(250))); }
                    catch (TransportException e) { timedOut = e; }
                }
                Assert.NotNull(timedOut);
                Assert.Equal($"cannot connect to tcp://127.0.0.1:{PortOf(listener)}: no answer within 0.25 s", timedOut.Message);
                Assert.InRange(watch.ElapsedMilliseconds, 200, 15000);
            }
            finally
            {
                foreach (TcpTransport t in connected) t.Dispose();
            }
        });
    }
}
