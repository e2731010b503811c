namespace Edge.Host.Data;

/// <summary>Resolves a data-set spec from the command line (<c>--data</c>) to a loaded <see cref="Dataset"/>.</summary>
public static class DataSources
{
    public const string CsvPrefix = "csv:";
    public const string ValidSpecs = "digits, fashion14, csv:PATH";

    /// <summary>
    /// Loads <paramref name="spec"/>: <c>digits</c> (embedded), <c>fashion14</c> (IDX files from
    /// <paramref name="dataDir"/> or /usr/share/datasets/fashion-mnist) or <c>csv:PATH</c>.
    /// Every failure is a <see cref="DataException"/> with a one-line message.
    /// </summary>
    public static Dataset Load(string spec, string? dataDir = null)
    {
        string trimmed = (spec ?? "").Trim();
        if (trimmed.Equals(Digits.Name, StringComparison.OrdinalIgnoreCase))
            return Digits.Load();
        if (trimmed.Equals(FashionMnist14.Name, StringComparison.OrdinalIgnoreCase))
            return FashionMnist14.Load(dataDir);
        if (trimmed.StartsWith(CsvPrefix, StringComparison.OrdinalIgnoreCase))
        {
            string path = trimmed[CsvPrefix.Length..];
            if (path.Length == 0)
                throw new DataException($"'{spec}' names no file: use csv:PATH");
            return CsvData.Load(path);
        }
        throw new DataException($"unknown data set '{spec}': valid data sets are {ValidSpecs}");
    }
}
