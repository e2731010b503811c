using System.IO.Compression;

namespace Edge.Host.Data;

/// <summary>
/// scikit-learn's 8×8 handwritten digits (1797 samples, 64 pixels of 0..16, labels 0..9), shipped
/// inside the tool as an embedded resource (see DIGITS-LICENSE.md). Pixels are scaled by 1/16 into
/// [0, 1]; the split is the first <see cref="TrainCount"/> rows of a <see cref="SeededSplit"/> shuffle.
/// </summary>
public static class Digits
{
    public const string Name = "digits";
    public const int SampleCount = 1797;
    public const int FeatureCount = 64;
    public const int ClassCount = 10;
    public const int TrainCount = 1297;
    public const int TestCount = SampleCount - TrainCount;
    public const int MaxPixel = 16;

    /// <summary>LogicalName of the resource in Edge.Host.csproj.</summary>
    public const string ResourceName = "Edge.Host.Data.digits.csv.gz";

    public static Dataset Load()
    {
        using Stream compressed = typeof(Digits).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new DataException($"digits: embedded resource '{ResourceName}' is missing from the edge assembly");
        using var reader = new StreamReader(new GZipStream(compressed, CompressionMode.Decompress));

        var features = new float[SampleCount][];
        var labels = new int[SampleCount];
        int row = 0;
        string? line;
        while ((line = reader.ReadLine()) != null)
        {
            if (line.Length == 0) continue;
            if (row == SampleCount)
                throw new DataException($"{ResourceName}: more than {SampleCount} rows");
            features[row] = new float[FeatureCount];
            labels[row] = ParseRow(line, row + 1, features[row]);
            row++;
        }
        if (row != SampleCount)
            throw new DataException($"{ResourceName}: {row} rows, expected {SampleCount}");

        int[] order = SeededSplit.ShuffledIndices(SampleCount);
        var trainFeatures = new float[TrainCount][];
        var trainLabels = new int[TrainCount];
        var testFeatures = new float[TestCount][];
        var testLabels = new int[TestCount];
        for (int i = 0; i < TrainCount; i++)
        {
            trainFeatures[i] = features[order[i]];
            trainLabels[i] = labels[order[i]];
        }
        for (int i = 0; i < TestCount; i++)
        {
            testFeatures[i] = features[order[TrainCount + i]];
            testLabels[i] = labels[order[TrainCount + i]];
        }
        var names = new string[ClassCount];
        for (int c = 0; c < ClassCount; c++) names[c] = c.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new Dataset(Name, FeatureCount, ClassCount, trainFeatures, trainLabels, testFeatures, testLabels, names);
    }

    /// <summary>Parses "p0,...,p63,label" of small non-negative integers; returns the label.</summary>
    private static int ParseRow(string line, int lineNumber, float[] pixels)
    {
        int column = 0;
        int value = 0;
        bool hasDigit = false;
        int label = -1;
        for (int i = 0; i <= line.Length; i++)
        {
            char ch = i < line.Length ? line[i] : ',';
            if (ch >= '0' && ch <= '9')
            {
                value = value * 10 + (ch - '0');
                hasDigit = true;
                if (value > 1000) break;
            }
            else if (ch == ',')
            {
                if (!hasDigit) break;
                if (column < FeatureCount)
                {
                    if (value > MaxPixel) break;
                    pixels[column] = value / (float)MaxPixel;
                }
                else if (column == FeatureCount)
                {
                    label = value;
                }
                column++;
                value = 0;
                hasDigit = false;
            }
            else if (ch != ' ' && ch != '\r')
            {
                break;
            }
        }
        if (column != FeatureCount + 1 || label < 0 || label >= ClassCount)
            throw new DataException($"{ResourceName}, line {lineNumber}: expected {FeatureCount} pixels of 0..{MaxPixel} and a label 0..{ClassCount - 1}");
        return label;
    }
}
