using System.Globalization;
using Edge.Host.Files;

namespace Edge.Host.Data;

/// <summary>
/// User data as CSV: each row is the features followed by one label column, comma separated.
/// An optional header row is recognised by a non-numeric feature cell in the first row. Labels may
/// be integers or strings; the distinct labels, sorted (numerically when they are all integers,
/// ordinally otherwise), become classes 0..k-1 and are kept as <see cref="Dataset.ClassNames"/>.
/// The split is 75 % / 25 % of a <see cref="SeededSplit"/> shuffle, and each feature is scaled by the
/// training split's min and max (a constant feature maps to 0; test values are clamped into [0, 1]).
/// Fields follow RFC 4180 (<see cref="CsvRecords"/>): quoted fields may hold commas, line breaks and doubled
/// quotes; errors name the line. Blank lines are skipped.
/// </summary>
public static class CsvData
{
    public const double TrainFraction = 0.75;
    /// <summary>The longest line read: far more than any row a board (at most 1024 channels) can use.</summary>
    public const int MaxLineChars = 1 << 22;

    public static Dataset Load(string path)
    {
        string file = Path.GetFileName(path);
        FileStream stream;
        try
        {
            stream = InputFile.Open(path, "CSV file");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataException(e.Message, e);
        }
        using var owned = stream;
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        IEnumerable<CsvRecords.Record> records = CsvRecords.Read(reader, MaxLineChars, (line, problem) => new DataException($"{file}, line {line}: {problem}"));

        var rows = new List<float[]>();
        var rawLabels = new List<string>();
        var rowLines = new List<int>();
        int columnCount = -1;
        bool firstRow = true;
        try
        {
            foreach (var (lineNumber, cells) in records)
            {
                if (firstRow)
                {
                    firstRow = false;
                    if (cells.Length < 2)
                        throw new DataException($"{file}, line {lineNumber}: need at least one feature column and a label column, found {cells.Length} column");
                    columnCount = cells.Length;
                    if (IsHeader(cells)) continue;
                }
                if (cells.Length != columnCount)
                    throw new DataException($"{file}, line {lineNumber}: {cells.Length} columns, expected {columnCount} like the first row");

                var features = new float[columnCount - 1];
                for (int f = 0; f < features.Length; f++)
                {
                    if (ParseFeature(cells[f], out float value) is { } problem)
                        throw new DataException($"{file}, line {lineNumber}, column {f + 1}: feature '{cells[f]}' {problem}");
                    features[f] = value;
                }
                if (cells[^1].Length == 0)
                    throw new DataException($"{file}, line {lineNumber}: empty label");
                rows.Add(features);
                rawLabels.Add(cells[^1]);
                rowLines.Add(lineNumber);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"cannot read CSV file {path}: {e.Message}", e);
        }

        if (rows.Count == 0)
            throw new DataException($"{file}: no data rows");
        if (rows.Count < 2)
            throw new DataException($"{file}: {rows.Count} data row, need at least 2 for a train/test split");

        string[] classNames = DistinctSortedLabels(rawLabels);
        if (classNames.Length < 2)
            throw new DataException($"{file}: only one class ('{classNames[0]}'), need at least 2");
        var classOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < classNames.Length; c++) classOf[classNames[c]] = c;

        int count = rows.Count;
        int trainCount = Math.Clamp((int)Math.Round(count * TrainFraction, MidpointRounding.AwayFromZero), 1, count - 1);
        int[] order = SeededSplit.ShuffledIndices(count);
        var trainFeatures = new float[trainCount][];
        var trainLabels = new int[trainCount];
        var testFeatures = new float[count - trainCount][];
        var testLabels = new int[count - trainCount];
        for (int i = 0; i < count; i++)
        {
            int source = order[i];
            int label = classOf[rawLabels[source]];
            if (i < trainCount) { trainFeatures[i] = rows[source]; trainLabels[i] = label; }
            else { testFeatures[i - trainCount] = rows[source]; testLabels[i - trainCount] = label; }
        }

        MinMaxScaleFromTraining(trainFeatures, testFeatures, columnCount - 1);
        string name = "csv:" + path;
        return new Dataset(name, columnCount - 1, classNames.Length, trainFeatures, trainLabels, testFeatures, testLabels, classNames);
    }

    /// <summary>
    /// Scales every feature into [0, 1] with the training split's min and max only, so the test split
    /// tells the model nothing it would not know in deployment; out-of-range test values are clamped.
    /// </summary>
    private static void MinMaxScaleFromTraining(float[][] train, float[][] test, int featureCount)
    {
        var min = new float[featureCount];
        var max = new float[featureCount];
        Array.Fill(min, float.PositiveInfinity);
        Array.Fill(max, float.NegativeInfinity);
        foreach (float[] row in train)
            for (int f = 0; f < featureCount; f++)
            {
                if (row[f] < min[f]) min[f] = row[f];
                if (row[f] > max[f]) max[f] = row[f];
            }
        foreach (float[][] split in new[] { train, test })
            foreach (float[] row in split)
                for (int f = 0; f < featureCount; f++)
                {
                    // Double arithmetic: (x - min) of two large floats can overflow float.
                    double range = (double)max[f] - min[f];
                    row[f] = range > 0 ? (float)Math.Clamp((row[f] - (double)min[f]) / range, 0.0, 1.0) : 0f;
                }
    }

    /// <summary>
    /// The first row is a header when any of its feature cells is not a number at all (the label cell may be
    /// anything); "NaN", "Infinity" or 1e308 are numbers, so a first row holding them is data, and an error.
    /// </summary>
    private static bool IsHeader(string[] cells)
    {
        for (int f = 0; f < cells.Length - 1; f++)
            if (!double.TryParse(cells[f], NumberStyles.Float, CultureInfo.InvariantCulture, out _)) return true;
        return false;
    }

    private static string[] DistinctSortedLabels(List<string> labels)
    {
        var distinct = new HashSet<string>(labels, StringComparer.Ordinal);
        string[] names = distinct.ToArray();
        bool allIntegers = true;
        foreach (string n in names)
            if (!long.TryParse(n, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)) { allIntegers = false; break; }
        if (allIntegers)
        {
            // "1", "01" and "+1" name one class only if they are the same string; sort by value, then text.
            Array.Sort(names, (a, b) =>
            {
                int byValue = long.Parse(a, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)
                    .CompareTo(long.Parse(b, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
                return byValue != 0 ? byValue : string.CompareOrdinal(a, b);
            });
        }
        else
        {
            Array.Sort(names, StringComparer.Ordinal);
        }
        return names;
    }

    /// <summary>A feature cell as a float, or what is wrong with it.</summary>
    private static string? ParseFeature(string cell, out float value)
    {
        value = 0;
        if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double number)) return "is not a number";
        if (!double.IsFinite(number)) return "is not a finite number";
        value = (float)number;
        return float.IsFinite(value) ? null : "is outside the range of a 32-bit float (±3.4e38)";
    }

}
