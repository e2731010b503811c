using System.Buffers.Binary;
using System.Diagnostics;
using Edge.Host.Transport;
using Xunit;
using Xunit.Abstractions;

namespace Edge.Tests.Transport;

public class PipeTransportTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void BytesCrossInBothDirections()
    {
        HangGuard.Run(() =>
        {
            var (host, board) = PipeTransport.CreatePair();
            using (host)
            using (board)
            {
                host.Write(new byte[] { 1, 2, 3 }, 0, 3);
                board.Write(new byte[] { 9, 8 }, 0, 2);
                var buffer = new byte[10];
                Assert.Equal(3, board.Read(buffer, 0, 10, Second));
                Assert.Equal(new byte[] { 1, 2, 3 }, buffer[..3]);
                Assert.Equal(2, host.Read(buffer, 5, 5, Second));
                Assert.Equal(new byte[] { 9, 8 }, buffer[5..7]);
            }
        });
    }

    [Fact]
    public void ReadTimesOutWithZeroThenThePeerClosingIsReported()
    {
        HangGuard.Run(() =>
        {
            var (host, board) = PipeTransport.CreatePair();
            var buffer = new byte[4];
            var watch = Stopwatch.StartNew();
            Assert.Equal(0, host.Read(buffer, 0, 4, TimeSpan.FromMilliseconds(60)));
            Assert.InRange(watch.ElapsedMilliseconds, 55, 15000);
            Assert.Equal(0, host.Read(buffer, 0, 4, TimeSpan.Zero));

            board.Write(new byte[] { 7 }, 0, 1);
            board.Dispose();
            Assert.Equal(1, host.Read(buffer, 0, 4, Second)); // what was sent before closing still arrives
            Assert.Throws<TransportClosedException>(() => host.Read(buffer, 0, 4, Second));
            Assert.Throws<TransportClosedException>(() => host.Write(buffer, 0, 4));
            host.Dispose();
            Assert.Throws<ObjectDisposedException>(() => host.Read(buffer, 0, 4, Second));
        });
    }

    [Fact]
    public void ABlockedReaderWakesWhenThePeerCloses()
    {
        HangGuard.Run(() =>
        {
            var (host, board) = PipeTransport.CreatePair();
            using var reader = new WorkerThread(() => host.Read(new byte[4], 0, 4, Timeout.InfiniteTimeSpan));
            Thread.Sleep(30);
            board.Dispose();
            Assert.IsType<TransportClosedException>(reader.JoinExpectingFailure());
            host.Dispose();
        });
    }

    [Fact]
    public void CarriesAtLeast20MegabytesPerSecond()
    {
        HangGuard.Run(() =>
        {
            var (host, board) = PipeTransport.CreatePair();
            using var closeHost = host;
            using var closeBoard = board;
            const int total = 64 << 20, chunk = 16 * 1024;
            var data = new byte[chunk];
            for (int i = 0; i < chunk; i++) data[i] = (byte)i;
            var watch = Stopwatch.StartNew();
            using var writer = new WorkerThread(() =>
            {
                for (int sent = 0; sent < total; sent += chunk) host.Write(data, 0, chunk);
            });
            var buffer = new byte[chunk];
            long received = 0;
            while (received < total)
            {
                int n = board.Read(buffer, 0, buffer.Length, TimeSpan.FromSeconds(10));
                Assert.True(n > 0, "pipe stalled");
                Assert.Equal((byte)received, buffer[0]); // chunks arrive in order
                received += n;
            }
            writer.Join();
            double megabytesPerSecond = total / 1e6 / watch.Elapsed.TotalSeconds;
            output.WriteLine($"pipe: {megabytesPerSecond:F0} MB/s");
            Assert.Equal(total, received);
        });
    }

    [Fact]
    public void ConcurrentWritesLandWholeAndInOrderPerWriter()
    {
        HangGuard.Run(() =>
        {
            // A small ring forces writers to block and frames to cross the ring's wrap-around.
            var (host, board) = PipeTransport.CreatePair(capacity: 1000);
            using var closeHost = host;
            using var closeBoard = board;
            const int writers = 4, framesEach = 1500;
            var threads = new WorkerThread[writers];
            for (int w = 0; w < writers; w++)
            {
                int id = w;
                threads[w] = new WorkerThread(() =>
                {
                    for (int seq = 0; seq < framesEach; seq++)
                    {
                        int payload = (seq * 131 + id * 17) % 1500; // some frames exceed the ring
                        var frame = new byte[7 + payload];
                        frame[0] = (byte)id;
                        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(1), seq);
                        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(5), (ushort)payload);
                        for (int i = 0; i < payload; i++) frame[7 + i] = (byte)(id * 31 + seq + i);
                        host.Write(frame, 0, frame.Length);
                    }
                });
            }

            var next = new int[writers];
            var header = new byte[7];
            for (int f = 0; f < writers * framesEach; f++)
            {
                ReadExactly(board, header, 7);
                int id = header[0];
                int seq = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(1));
                int payload = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(5));
                Assert.InRange(id, 0, writers - 1);
                Assert.Equal(next[id]++, seq);
                var body = new byte[payload];
                ReadExactly(board, body, payload);
                for (int i = 0; i < payload; i++) Assert.Equal((byte)(id * 31 + seq + i), body[i]);
            }
            foreach (WorkerThread thread in threads) thread.Join();
            Assert.All(next, n => Assert.Equal(framesEach, n));
        });
    }

    private static void ReadExactly(IByteTransport transport, byte[] buffer, int count)
    {
        for (int got = 0; got < count;)
        {
            int n = transport.Read(buffer, got, count - got, TimeSpan.FromSeconds(5));
            Assert.True(n > 0, "pipe stalled");
            got += n;
        }
    }
}
