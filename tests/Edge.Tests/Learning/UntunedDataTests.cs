using System.Globalization;
using System.Text;
using Edge.Tests.Commands;
using Edge.Tests.Data;

namespace Edge.Tests.Learning;

/// <summary>
/// The default learner on data nobody tuned it for: features on wildly different scales (1e-6 and 1e6 with an
/// outlier of 1e12), a constant feature and a class with four samples must not make it diverge or wrap.
/// </summary>
public class UntunedDataTests
{
    [Fact]
    public void WildScales_AConstantFeature_AndARareClass_StillLearn()
    {
        using var dir = new TempDirectory();
        string csv = dir.File("wild.csv");
        var rng = new Random(11);
        var text = new StringBuilder("tiny,huge,constant,plain,label\n");
        for (int i = 0; i < 600; i++)
        {
            int label = i < 4 ? 2 : i % 2;   // class 2: four samples
            double tiny = (label == 1 ? 3e-6 : 1e-6) + rng.NextDouble() * 1e-6;
            double huge = i == 5 ? 1e12 : (label == 0 ? 4e6 : 1e6) + rng.NextDouble() * 2e6;
            double plain = label == 2 ? 0.9 : rng.NextDouble() * 0.5;
            text.Append(string.Create(CultureInfo.InvariantCulture, $"{tiny:R},{huge:R},42,{plain:R},{label}\n"));
        }
        File.WriteAllText(csv, text.ToString());

        var ap = EdgeRunner.Json("bench", "learn", "--data", "csv:" + csv, "--algo", "ap", "--seed", "1");
        var readout = EdgeRunner.Json("bench", "learn", "--data", "csv:" + csv, "--algo", "readout", "--seed", "1");
        double accuracy = ap.GetProperty("test_accuracy").GetDouble();
        // the tiny feature separates classes 0 and 1 alone: a learner that diverged or wrapped would sit near chance (50 %)
        Assert.True(accuracy >= 90, $"ap reached only {accuracy} % on the wild-scale data");
        Assert.True(accuracy >= readout.GetProperty("test_accuracy").GetDouble() - 1, "ap fell below the readout control");
        Assert.True(ap.GetProperty("train_accuracy").GetDouble() >= 90);
        Assert.True(ap.GetProperty("train_macs_per_sample").GetDouble() <= 10 * ap.GetProperty("forward_macs").GetDouble());
    }

    /// <summary>More features than a layer can hold is a clear error before any work, not an internal one.</summary>
    [Fact]
    public void MoreFeaturesThanALayerHolds_IsAClearError()
    {
        using var dir = new TempDirectory();
        string csv = dir.File("wide.csv");
        var text = new StringBuilder(string.Join(",", Enumerable.Range(0, 4097).Select(f => $"f{f}")) + ",label\n");
        for (int i = 0; i < 8; i++) text.Append(string.Join(",", Enumerable.Repeat(i % 2, 4097))).Append(',').Append(i % 2).Append('\n');
        File.WriteAllText(csv, text.ToString());
        var (_, line) = EdgeRunner.Fail("bench", "learn", "--data", "csv:" + csv);
        Assert.Contains("4097 features", line);
        Assert.Contains("at most 4096", line);
    }
}
