using Edge.Core.Protocol;
using Edge.Core.Hardware;
using Edge.Host.Transport;

namespace Edge.Host.Targets;

/// <summary>
/// A board running in this process: its firmware served on a background thread over a <see cref="PipeTransport"/>
/// pair, so the host speaks the real byte protocol to it (the <c>sim:</c> targets). When the board dies the server
/// closes its end and the host's reads see <see cref="TransportClosedException"/>. Dispose closes the pipe, waits
/// for the server thread and disposes the board (saving its wear) and the endpoint if they are disposable.
/// </summary>
public sealed class InProcessBoard : IDisposable
{
    private readonly PipeTransport _hostEnd, _boardEnd;
    private readonly IFirmwareEndpoint _endpoint;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _server;
    private readonly bool _ownsBoard;
    private int _disposed;

    /// <param name="name">Names the pipe in messages, e.g. "sim:sim-digits#1".</param>
    /// <param name="ownsBoard">Dispose the board (and the endpoint) with this object.</param>
    public InProcessBoard(IBoard board, IFirmwareEndpoint endpoint, string name, bool ownsBoard = true)
    {
        Board = board ?? throw new ArgumentNullException(nameof(board));
        _endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        _ownsBoard = ownsBoard;
        (_hostEnd, _boardEnd) = PipeTransport.CreatePair(name);
        _server = new Thread(Serve) { IsBackground = true, Name = "board " + name };
        _server.Start();
    }

    public IBoard Board { get; }

    /// <summary>The host's end of the pipe: what the protocol client reads and writes.</summary>
    public IByteTransport Transport => _hostEnd;

    /// <summary>Why the server stopped, or null while it runs.</summary>
    public ServeOutcome? Outcome { get; private set; }

    /// <summary>What the firmware threw, if it crashed (the pipe is closed then).</summary>
    public Exception? ServerFailure { get; private set; }

    private void Serve()
    {
        try
        {
            Outcome = EndpointServer.Serve(_boardEnd, _endpoint, () => Board.IsAlive, _stop.Token);
        }
        catch (Exception e)
        {
            ServerFailure = e;
        }
        finally
        {
            _boardEnd.Dispose();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _hostEnd.Dispose();
        _stop.Cancel();
        _server.Join();
        _stop.Dispose();
        if (!_ownsBoard) return;
        (_endpoint as IDisposable)?.Dispose();
        (Board as IDisposable)?.Dispose();
    }
}
