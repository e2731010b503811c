namespace Edge.Host.Files;

/// <summary>
/// The one way edge opens a file the user named for reading: a missing path, a directory or an unreadable file is
/// an <see cref="IOException"/> whose one line names the path and what it should have been, and no file is believed
/// to be smaller than its bytes prove: <see cref="ReadAllBytes"/> stops at a limit even on a device that never ends.
/// </summary>
public static class InputFile
{
    /// <summary>
    /// The most read from a device or FIFO, whose size nobody can know beforehand: what it holds must fit in memory
    /// twice (while it is collected), so it is kept well below the 200 MB any command may spend on a bad input.
    /// </summary>
    public const long MaxUnsizedBytes = 64L << 20;

    /// <summary>Opens <paramref name="path"/> (a <paramref name="what"/>, e.g. "weights file") for reading.</summary>
    public static FileStream Open(string path, string what)
    {
        FileKind kind = FileKinds.Of(path);
        if (kind == FileKind.Missing) throw new FileNotFoundException($"no {what} at {path}", path);
        if (kind == FileKind.Directory) throw new IOException($"{path} is a directory, not {A(what)}");
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot read {what} {path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// All bytes of <paramref name="path"/>, refusing a file of more than <paramref name="maxBytes"/>: a regular
    /// file by its size before anything is read, anything else (a device, a FIFO) once that many bytes have come
    /// (and at most <see cref="MaxUnsizedBytes"/>).
    /// </summary>
    public static byte[] ReadAllBytes(string path, long maxBytes, string what)
    {
        using FileStream stream = Open(path, what);
        try
        {
            long length = FileKinds.Of(path) == FileKind.Regular ? stream.Length : -1;
            if (length > maxBytes) throw TooLarge(path, what, maxBytes);
            bool capped = length < 0 && maxBytes > MaxUnsizedBytes;
            if (capped) maxBytes = MaxUnsizedBytes;
            var buffer = new MemoryStream(length >= 0 ? (int)length : 0);
            var chunk = new byte[1 << 16];
            int n;
            while ((n = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (buffer.Length + n > maxBytes)
                    throw capped ? new TooLargeException($"{path} is not a regular file and gives more than {maxBytes:N0} bytes, the most edge reads from a device or pipe: copy it to a file")
                                 : TooLarge(path, what, maxBytes);
                buffer.Write(chunk, 0, n);
            }
            return buffer.ToArray();
        }
        catch (Exception e) when (e is UnauthorizedAccessException || (e is IOException && e is not TooLargeException))
        {
            throw new IOException($"cannot read {what} {path}: {e.Message}", e);
        }
    }

    private static TooLargeException TooLarge(string path, string what, long maxBytes) =>
        new($"{path} is not {A(what)}: it holds more than {maxBytes:N0} bytes, the most {A(what)} can have");

    /// <summary>"a weights file", "an IDX file".</summary>
    private static string A(string what) => ("AEIOUaeiou".Contains(what[0]) ? "an " : "a ") + what;

    private sealed class TooLargeException(string message) : IOException(message);
}
