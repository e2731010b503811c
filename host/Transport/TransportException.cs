namespace Edge.Host.Transport;

/// <summary>
/// A transport could not be opened or failed: the message is one line that names the port or address
/// (e.g. "cannot connect to tcp://127.0.0.1:5555: connection refused ..."), fit to show the user as is.
/// </summary>
public class TransportException : IOException
{
    public TransportException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>The other end is gone (closed the connection, unplugged, the board died); nothing more will arrive.</summary>
public sealed class TransportClosedException : TransportException
{
    public TransportClosedException(string message, Exception? inner = null) : base(message, inner) { }
}
