namespace Edge.Host.Cli;

/// <summary>
/// Rows of a result, e.g. one per epoch or per board. In JSON it is an array of objects keyed by
/// the column names; as text, aligned columns under a header.
/// </summary>
public sealed class ResultTable
{
    private readonly List<object?[]> _rows = [];

    public ResultTable(params string[] columns)
    {
        if (columns.Length == 0) throw new ArgumentException("a table needs at least one column", nameof(columns));
        Columns = columns;
    }

    public IReadOnlyList<string> Columns { get; }
    public IReadOnlyList<object?[]> Rows => _rows;

    public ResultTable AddRow(params object?[] cells)
    {
        if (cells.Length != Columns.Count)
            throw new ArgumentException($"row has {cells.Length} cells, table has {Columns.Count} columns", nameof(cells));
        _rows.Add(cells);
        return this;
    }
}
