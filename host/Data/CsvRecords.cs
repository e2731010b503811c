using System.Text;

namespace Edge.Host.Data;

/// <summary>
/// The records of a CSV file as RFC 4180 defines them: fields separated by commas, records by "\n" or "\r\n";
/// a field in double quotes may hold commas, line breaks and doubled quotes (<c>"a ""b"", c"</c> is
/// <c>a "b", c</c>). Unquoted fields are trimmed of spaces. Each record comes with the line it starts on, and
/// every error names its line: a quote never closed, text after a closing quote, or a record longer than the
/// bound (a file with no record end in sight, such as a binary file, fails there instead of filling memory).
/// </summary>
public static class CsvRecords
{
    public sealed record Record(int Line, string[] Fields);

    /// <summary>Reads every record; <paramref name="fail"/> makes the exception for a 1-based line and a problem.</summary>
    public static IEnumerable<Record> Read(TextReader reader, int maxRecordChars, Func<int, string, Exception> fail)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        int line = 1, recordLine = 1, recordChars = 0;
        bool quoted = false, closedQuote = false, atFieldStart = true;

        while (true)
        {
            int c = reader.Read();
            if (c >= 0 && ++recordChars > maxRecordChars)
                throw fail(recordLine, $"record longer than {maxRecordChars:N0} characters (not a CSV file?)");
            if (quoted)
            {
                if (c < 0) throw fail(recordLine, "a quoted field is never closed (a \" is missing)");
                if (c == '"')
                {
                    if (reader.Peek() == '"') { reader.Read(); field.Append('"'); }
                    else { quoted = false; closedQuote = true; }
                }
                else
                {
                    if (c == '\n') line++;
                    field.Append((char)c);
                }
                continue;
            }
            if (c == ',' || c == '\n' || c < 0)
            {
                fields.Add(closedQuote ? field.ToString() : field.ToString().Trim());
                field.Clear();
                closedQuote = false;
                atFieldStart = true;
                if (c == ',') continue;
                // A blank line is no record.
                if (fields is not [""]) yield return new Record(recordLine, fields.ToArray());
                fields.Clear();
                if (c < 0) yield break;
                line++;
                recordLine = line;
                recordChars = 0;
                continue;
            }
            if (c == '\r' && reader.Peek() == '\n') continue;
            if (closedQuote)
            {
                if (c is ' ' or '\t' or '\r') continue;
                throw fail(line, $"'{(char)c}' after the closing quote of field {fields.Count + 1} (a quote inside a quoted field is written \"\")");
            }
            if (c == '"' && atFieldStart && field.ToString().Trim().Length == 0)
            {
                field.Clear();
                quoted = true;
                continue;
            }
            atFieldStart = false;
            field.Append((char)c);
        }
    }
}
