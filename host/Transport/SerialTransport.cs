using System.IO.Ports;

namespace Edge.Host.Transport;

/// <summary>
/// A serial link to a real board (USB-UART of an ESP32, a Pi's UART): 8 data bits, no parity, one stop bit,
/// no flow control. A write that cannot drain within <see cref="WriteTimeout"/> fails instead of hanging.
/// </summary>
public sealed class SerialTransport : IByteTransport
{
    public const int DefaultBaud = 115200;

    /// <summary>How long a write may wait for the port to drain.</summary>
    public static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(5);

    private readonly SerialPort _port;
    private readonly object _readGate = new();
    private int _readTimeoutMs = int.MinValue;
    private int _disposed;

    private SerialTransport(SerialPort port)
    {
        _port = port;
        Peer = "serial:" + port.PortName + "?baud=" + port.BaudRate;
    }

    /// <summary>The port, e.g. "serial:/dev/ttyUSB0?baud=115200".</summary>
    public string Peer { get; }

    /// <summary>Opens <paramref name="portName"/> (e.g. /dev/ttyUSB0, COM3) at <paramref name="baud"/>.</summary>
    /// <exception cref="TransportException">One line naming the port: missing, no permission, busy, not a serial port.</exception>
    public static SerialTransport Open(string portName, int baud = DefaultBaud)
    {
        ArgumentException.ThrowIfNullOrEmpty(portName);
        ArgumentOutOfRangeException.ThrowIfLessThan(baud, 1);
        string where = "serial port " + portName;
        if (!OperatingSystem.IsWindows() && !File.Exists(portName))
            throw new TransportException($"{where} does not exist (is the board plugged in? see `ls /dev/ttyUSB* /dev/ttyACM*`)");
        var port = new SerialPort(portName, baud, Parity.None, 8, StopBits.One)
        {
            Handshake = Handshake.None,
            ReadBufferSize = 64 * 1024,
        };
        try
        {
            port.Open();
            return new SerialTransport(port);
        }
        catch (UnauthorizedAccessException e)
        {
            port.Dispose();
            throw new TransportException($"{where}: permission denied or in use by another program (on Linux, join the dialout group)", e);
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException)
        {
            port.Dispose();
            string why = e is FileNotFoundException ? "does not exist" : "cannot be opened: " + OneLine(e.Message);
            throw new TransportException($"{where} {why}", e);
        }
    }

    public void Write(byte[] buffer, int offset, int count)
    {
        PipeTransport.CheckRange(buffer, offset, count);
        // Waited for on this thread's clock and cancelled from it: SerialPort.Write's own timeout is a pool timer,
        // and a write on a vanished pty was seen to outlive it by more than 25 s on a loaded machine.
        using var cancel = new CancellationTokenSource();
        try
        {
            if (_port.BaseStream.WriteAsync(buffer, offset, count, cancel.Token).Wait(WriteTimeout)) return;
        }
        catch (AggregateException wrapped) when (wrapped.InnerException is IOException or InvalidOperationException)
        {
            throw Gone(wrapped.InnerException!);
        }
        catch (InvalidOperationException e)
        {
            throw Gone(e);   // the port was closed under us
        }
        cancel.Cancel();
        if (!DeviceExists()) throw Vanished();
        throw new TransportException($"{Peer}: write did not drain within {TcpTransport.Seconds(WriteTimeout)}");
    }

    public int Read(byte[] buffer, int offset, int count, TimeSpan timeout)
    {
        PipeTransport.CheckRange(buffer, offset, count);
        if (count == 0) return 0;
        lock (_readGate)
        {
            int ms = timeout == Timeout.InfiniteTimeSpan ? SerialPort.InfiniteTimeout
                : (int)Math.Clamp(Math.Ceiling(timeout.TotalMilliseconds), 0, int.MaxValue);
            try
            {
                if (ms != _readTimeoutMs) { _port.ReadTimeout = ms; _readTimeoutMs = ms; }
                return _port.Read(buffer, offset, count);
            }
            catch (TimeoutException)
            {
                // silence from a port whose device vanished (a pty's other end killed, a USB adapter pulled) is a loss
                if (!DeviceExists()) throw Vanished();
                return 0;
            }
            catch (Exception e) when (e is IOException or InvalidOperationException)
            {
                throw Gone(e);
            }
        }
    }

    /// <summary>How long <see cref="Dispose"/> waits for the port to close.</summary>
    public static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        // A port whose device vanished while a write was still queued was seen to block in Dispose for more than 25 s
        // (its I/O loop waits on that write): close it on the side and wait a bounded time, so a caller never hangs.
        var closing = Task.Run(() => { try { _port.Dispose(); } catch (IOException) { } });
        closing.Wait(CloseTimeout);
    }

    public override string ToString() => Peer;

    private TransportClosedException Gone(Exception e) => new($"{Peer} is gone: {OneLine(e.Message)}", e);

    private TransportClosedException Vanished() => new($"{Peer} is gone: its device vanished");

    /// <summary>
    /// Whether the port's device node is still there. Links are followed to the end: socat's link to a pty outlives
    /// the pty, and File.Exists answers true for a dangling link. Windows COM ports are not files: assumed there.
    /// </summary>
    private bool DeviceExists()
    {
        if (OperatingSystem.IsWindows()) return true;
        try
        {
            FileSystemInfo? target = File.ResolveLinkTarget(_port.PortName, returnFinalTarget: true);
            return target?.Exists ?? File.Exists(_port.PortName);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
