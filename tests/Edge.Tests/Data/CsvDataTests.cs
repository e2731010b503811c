using System.Globalization;
using System.Text;
using Edge.Host.Data;
using Xunit;

namespace Edge.Tests.Data;

public class CsvDataTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Rows(int count, Func<int, string> row)
    {
        var text = new StringBuilder();
        for (int i = 0; i < count; i++) text.Append(row(i)).Append('\n');
        return text.ToString();
    }

    [Fact]
    public void Header_row_is_detected_by_a_non_numeric_feature_cell()
    {
        string body = Rows(8, i => $"{i},{i * 2},{i % 2}");
        string withHeader = _dir.Write("with.csv", "x,y,label\n" + body);
        string withoutHeader = _dir.Write("without.csv", body);

        Dataset a = CsvData.Load(withHeader);
        Dataset b = CsvData.Load(withoutHeader);

        Assert.Equal(8, a.TrainCount + a.TestCount);
        Assert.Equal(8, b.TrainCount + b.TestCount);
        Assert.Equal(6, a.TrainCount); // 75 %
        Assert.Equal(a.TrainLabels, b.TrainLabels);
        Assert.Equal(2, a.FeatureCount);
    }

    [Fact]
    public void String_labels_become_sorted_classes_with_names()
    {
        string[] animals = { "dog", "cat", "bird" };
        // Feature 0 carries the class's sorted index (bird 0, cat 1, dog 2) so the mapping can be checked after scaling.
        int[] sortedIndex = { 2, 1, 0 };
        string path = _dir.Write("animals.csv", Rows(30, i => $"{sortedIndex[i % 3]},0.5,\"{animals[i % 3]}\""));

        Dataset data = DataSources.Load("csv:" + path);

        Assert.Equal(new[] { "bird", "cat", "dog" }, data.ClassNames);
        Assert.Equal(3, data.ClassCount);
        for (int i = 0; i < data.TrainCount; i++)
            Assert.Equal(data.TrainLabels[i] / 2f, data.TrainFeatures[i][0]);
        Assert.Equal("cat", data.ClassName(1));
    }

    [Fact]
    public void Integer_labels_sort_by_value()
    {
        string path = _dir.Write("ints.csv", Rows(12, i => $"{i},{new[] { 10, 2, 1 }[i % 3]}"));

        Dataset data = CsvData.Load(path);

        Assert.Equal(new[] { "1", "2", "10" }, data.ClassNames);
    }

    [Fact]
    public void Features_are_scaled_by_the_training_split_min_and_max_only()
    {
        const int Count = 20;
        int[] order = SeededSplit.ShuffledIndices(Count); // the split the loader will use: 15 train, 5 test
        int lowTestRow = order[15], highTestRow = order[16];
        var raw = new double[Count];
        for (int i = 0; i < Count; i++) raw[i] = 10 + i;
        raw[lowTestRow] = -1000; // extremes only in the test split: they must not stretch the scale
        raw[highTestRow] = 1000;
        string path = _dir.Write("scale.csv",
            "a,b,c\n" + Rows(Count, i => string.Create(CultureInfo.InvariantCulture, $"{raw[i]},7,{i % 2}")));

        Dataset data = CsvData.Load(path);

        double min = double.MaxValue, max = double.MinValue;
        for (int k = 0; k < 15; k++) { min = Math.Min(min, raw[order[k]]); max = Math.Max(max, raw[order[k]]); }
        for (int k = 0; k < 15; k++)
        {
            Assert.Equal((raw[order[k]] - min) / (max - min), data.TrainFeatures[k][0], 1e-6);
            Assert.Equal(0f, data.TrainFeatures[k][1]); // constant feature
        }
        Assert.Equal(0f, data.TestFeatures[0][0]); // -1000 clamped
        Assert.Equal(1f, data.TestFeatures[1][0]); // +1000 clamped
        for (int k = 2; k < 5; k++)
            Assert.Equal(Math.Clamp((raw[order[15 + k]] - min) / (max - min), 0, 1), data.TestFeatures[k][0], 1e-6);
    }

    [Fact]
    public void Split_is_the_same_on_every_load()
    {
        string path = _dir.Write("same.csv", Rows(40, i => $"{i},{i % 4}"));
        Assert.Equal(CsvData.Load(path).TestLabels, CsvData.Load(path).TestLabels);
    }

    [Fact]
    public void Ragged_row_error_names_file_and_line()
    {
        string path = _dir.Write("ragged.csv", "f1,f2,label\n1,2,a\n\n3,4,b\n5,b\n");

        var e = Assert.Throws<DataException>(() => CsvData.Load(path));

        Assert.Contains("ragged.csv, line 5", e.Message);
        Assert.Contains("2 columns, expected 3", e.Message);
    }

    [Fact]
    public void Non_numeric_feature_error_names_line_and_column()
    {
        string path = _dir.Write("text.csv", "1,2,a\n3,oops,b\n");

        var e = Assert.Throws<DataException>(() => CsvData.Load(path));

        Assert.Contains("text.csv, line 2, column 2", e.Message);
        Assert.Contains("'oops'", e.Message);
    }

    [Fact]
    public void Empty_file_is_an_error()
    {
        string path = _dir.Write("empty.csv", "");
        var e = Assert.Throws<DataException>(() => CsvData.Load(path));
        Assert.Contains("empty.csv: no data rows", e.Message);
    }

    [Fact]
    public void Header_only_file_is_an_error()
    {
        string path = _dir.Write("header.csv", "a,b,label\n");
        Assert.Contains("no data rows", Assert.Throws<DataException>(() => CsvData.Load(path)).Message);
    }

    [Fact]
    public void A_single_class_is_an_error()
    {
        string path = _dir.Write("one.csv", Rows(10, i => $"{i},same"));
        var e = Assert.Throws<DataException>(() => CsvData.Load(path));
        Assert.Contains("only one class", e.Message);
    }

    [Fact]
    public void Missing_file_is_a_data_error_naming_it()
    {
        string path = _dir.File("absent.csv");
        var e = Assert.Throws<DataException>(() => DataSources.Load("csv:" + path));
        Assert.Contains(path, e.Message);
    }
}
