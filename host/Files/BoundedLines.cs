using System.Text;

namespace Edge.Host.Files;

/// <summary>
/// The lines of a text stream, each at most a given length: a file with no line end in sight (a binary file,
/// <c>/dev/zero</c>) fails at that length instead of growing one line without end.
/// </summary>
public static class BoundedLines
{
    /// <summary>Lines without their "\n" or "\r\n"; <paramref name="tooLong"/> makes the exception for 1-based line N.</summary>
    public static IEnumerable<string> Read(Stream stream, int maxChars, Func<int, Exception> tooLong)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        var line = new StringBuilder();
        var block = new char[1 << 14];
        int number = 1, n;
        while ((n = reader.Read(block, 0, block.Length)) > 0)
        {
            int start = 0;
            for (int i = 0; i < n; i++)
            {
                if (block[i] != '\n') continue;
                line.Append(block, start, i - start);
                if (line.Length > maxChars) throw tooLong(number);
                yield return TrimCarriageReturn(line);
                line.Clear();
                number++;
                start = i + 1;
            }
            line.Append(block, start, n - start);
            if (line.Length > maxChars) throw tooLong(number);
        }
        if (line.Length > 0) yield return TrimCarriageReturn(line);
    }

    private static string TrimCarriageReturn(StringBuilder line) =>
        line.Length > 0 && line[^1] == '\r' ? line.ToString(0, line.Length - 1) : line.ToString();
}
