using System.Globalization;
using Edge.Host.Data;
using Edge.Tests.Commands;

namespace Edge.Tests.Data;

/// <summary>`edge data export` writes exactly the split and the features every edge learner sees (what the outside references train on).</summary>
public class DataExportTests
{
    [Fact]
    public void DigitsSplit_IsWrittenRowForRow()
    {
        using var dir = new TempDirectory();
        var result = EdgeRunner.Json("data", "export", "--data", "digits", "--out", dir.Path);
        Assert.Equal(1297, result.GetProperty("train_samples").GetInt32());
        Dataset digits = Digits.Load();
        foreach (var (file, features, labels) in new[] { ("train.csv", digits.TrainFeatures, digits.TrainLabels), ("test.csv", digits.TestFeatures, digits.TestLabels) })
        {
            string[] lines = File.ReadAllLines(Path.Combine(dir.Path, file));
            Assert.Equal("f1,", lines[0][..3]);
            Assert.Equal(features.Length + 1, lines.Length);
            for (int i = 0; i < features.Length; i++)
            {
                string[] cells = lines[i + 1].Split(',');
                Assert.Equal(labels[i], int.Parse(cells[^1], CultureInfo.InvariantCulture));
                for (int f = 0; f < features[i].Length; f++)
                    Assert.Equal(features[i][f], float.Parse(cells[f], CultureInfo.InvariantCulture));
            }
        }
    }
}
