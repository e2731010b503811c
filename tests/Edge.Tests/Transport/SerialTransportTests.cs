using System.Diagnostics;
using Edge.Host.Transport;
using Edge.Tests.Data;
using Xunit;

namespace Edge.Tests.Transport;

/// <summary>A fact that needs socat (Debian package "socat") to make a pseudo-terminal pair; skipped without it.</summary>
public sealed class NeedsSocatFactAttribute : FactAttribute
{
    public NeedsSocatFactAttribute()
    {
        if (SocatPtyPair.SocatPath == null)
            Skip = "socat is not installed (apt-get install socat): serial transport not tested against a pty pair";
    }
}

/// <summary>Two linked pseudo-terminals made by socat: bytes written to one come out of the other.</summary>
internal sealed class SocatPtyPair : IDisposable
{
    private readonly Process _socat;
    private readonly TempDirectory _dir = new();

    public SocatPtyPair()
    {
        PortA = _dir.File("ttyA");
        PortB = _dir.File("ttyB");
        _socat = Process.Start(new ProcessStartInfo(SocatPath!)
        {
            ArgumentList = { "pty,raw,echo=0,link=" + PortA, "pty,raw,echo=0,link=" + PortB },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var watch = Stopwatch.StartNew();
        while (!(File.Exists(PortA) && File.Exists(PortB)))
        {
            if (_socat.HasExited || watch.Elapsed > TimeSpan.FromSeconds(10))
                throw new InvalidOperationException("socat did not create its pty pair: " + _socat.StandardError.ReadToEnd());
            Thread.Sleep(10);
        }
    }

    public static string? SocatPath { get; } =
        new[] { "/usr/bin/socat", "/bin/socat", "/usr/local/bin/socat" }.FirstOrDefault(File.Exists);

    public string PortA { get; }
    public string PortB { get; }

    /// <summary>Ends socat: both ptys vanish, as when a board is unplugged.</summary>
    public void Kill()
    {
        if (!_socat.HasExited) { _socat.Kill(); _socat.WaitForExit(5000); }
    }

    public void Dispose()
    {
        Kill();
        _socat.Dispose();
        _dir.Dispose();
    }
}

public class SerialTransportTests
{
    [NeedsSocatFact]
    public void BytesCrossAPtyPairAndUnpluggingIsReported()
    {
        HangGuard.Run(() =>
        {
            using var pair = new SocatPtyPair();
            using var host = SerialTransport.Open(pair.PortA, 115200);
            using var board = SerialTransport.Open(pair.PortB);
            Assert.Equal($"serial:{pair.PortA}?baud=115200", host.Peer);

            var sent = new byte[3000];
            for (int i = 0; i < sent.Length; i++) sent[i] = (byte)(i * 13);
            // written while the other end reads: a pty pair buffers only a few KB, and a loaded machine
            // may let socat fall behind, so a write that waited for its whole block before any read could stall
            Task writing = Task.Run(() => host.Write(sent, 0, sent.Length));
            var received = new byte[sent.Length];
            int got = 0;
            while (got < received.Length)
            {
                int n = board.Read(received, got, received.Length - got, TimeSpan.FromSeconds(5));
                Assert.True(n > 0, "pty pair stalled");
                got += n;
            }
            Assert.True(writing.Wait(TimeSpan.FromSeconds(10)), "write stalled");
            Assert.Equal(sent, received);

            var watch = Stopwatch.StartNew();
            Assert.Equal(0, board.Read(received, 0, 10, TimeSpan.FromMilliseconds(80)));
            Assert.InRange(watch.ElapsedMilliseconds, 60, 15000);

            pair.Kill();
            var e = Assert.ThrowsAny<TransportException>(() =>
            {
                // The loss shows on the next read or, at the latest, on a write.
                for (int i = 0; i < 20; i++) board.Read(received, 0, 10, TimeSpan.FromMilliseconds(100));
                board.Write(sent, 0, 10);
            });
            Assert.IsType<TransportClosedException>(e);
            Assert.Contains(pair.PortB, e.Message);
        });
    }

    [Trait("Category", "Slow")] // over 2 s: left out by --filter "Category!=Slow"
    [NeedsSocatFact]
    public void AWriteThatCannotDrainFailsInTime_AndOnceTheDeviceVanishedTheLinkIsGone()
    {
        HangGuard.Run(() =>
        {
            using var pair = new SocatPtyPair();
            using var host = SerialTransport.Open(pair.PortA);
            using var board = SerialTransport.Open(pair.PortB);   // open, never read: the ptys and socat fill up

            var block = new byte[1 << 20];
            var watch = Stopwatch.StartNew();
            var full = Assert.Throws<TransportException>(() => host.Write(block, 0, block.Length));
            Assert.Contains("did not drain", full.Message);
            // the port's own timer may end a hair before this stopwatch does (4.9987 s was seen at load 5)
            Assert.InRange(watch.Elapsed, SerialTransport.WriteTimeout - TimeSpan.FromMilliseconds(100), SerialTransport.WriteTimeout + TimeSpan.FromSeconds(3));

            pair.Kill();
            var gone = Assert.ThrowsAny<TransportException>(() => host.Write(block, 0, 10));
            Assert.IsType<TransportClosedException>(gone);
            Assert.Contains(pair.PortA, gone.Message);
        });
    }

    [Fact]
    public void AMissingPortIsOneLineNamingIt()
    {
        HangGuard.Run(() =>
        {
            var e = Assert.Throws<TransportException>(() => SerialTransport.Open("/dev/ttyNoSuchPort9"));
            Assert.StartsWith("serial port /dev/ttyNoSuchPort9 does not exist", e.Message);
            Assert.DoesNotContain('\n', e.Message);
        });
    }

    [Fact]
    public void AFileThatIsNoSerialPortIsRejectedNamingIt()
    {
        HangGuard.Run(() =>
        {
            using var dir = new TempDirectory();
            string path = dir.Write("not-a-tty", "hello");
            var e = Assert.Throws<TransportException>(() => SerialTransport.Open(path));
            Assert.StartsWith("serial port " + path, e.Message);
            Assert.DoesNotContain('\n', e.Message);
        });
    }
}
