namespace Edge.Host.Data;

/// <summary>
/// Any failure to find, read or make sense of a data set. The message is one self-contained line
/// (naming the file, and the line where it applies) so the CLI can print it as is.
/// </summary>
public sealed class DataException : Exception
{
    public DataException(string message) : base(message) { }
    public DataException(string message, Exception inner) : base(message, inner) { }
}
