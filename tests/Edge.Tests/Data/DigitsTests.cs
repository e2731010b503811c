using Edge.Host.Data;
using Xunit;

namespace Edge.Tests.Data;

public class DigitsTests
{
    private static readonly Dataset Data = Digits.Load();

    [Fact]
    public void Loads_all_1797_samples_with_the_fixed_1297_500_split()
    {
        Assert.Equal("digits", Data.Name);
        Assert.Equal(64, Data.FeatureCount);
        Assert.Equal(10, Data.ClassCount);
        Assert.Equal(1297, Data.TrainCount);
        Assert.Equal(500, Data.TestCount);
        Assert.Equal(1297, Data.TrainFeatures.Length);
        Assert.Equal(500, Data.TestFeatures.Length);
        Assert.Equal("7", Data.ClassName(7));
    }

    [Fact]
    public void Features_are_sixteenths_in_the_unit_interval()
    {
        float max = 0;
        foreach (float[][] split in new[] { Data.TrainFeatures, Data.TestFeatures })
            foreach (float[] row in split)
            {
                Assert.Equal(64, row.Length);
                foreach (float x in row)
                {
                    Assert.InRange(x, 0f, 1f);
                    Assert.Equal(x * 16f, MathF.Round(x * 16f));
                    max = MathF.Max(max, x);
                }
            }
        Assert.Equal(1f, max);
    }

    [Fact]
    public void Split_is_identical_across_loads()
    {
        Dataset again = Digits.Load();
        Assert.Equal(Data.TrainLabels, again.TrainLabels);
        Assert.Equal(Data.TestLabels, again.TestLabels);
        for (int i = 0; i < Data.TrainCount; i++) Assert.Equal(Data.TrainFeatures[i], again.TrainFeatures[i]);
        for (int i = 0; i < Data.TestCount; i++) Assert.Equal(Data.TestFeatures[i], again.TestFeatures[i]);
    }

    [Fact]
    public void Every_class_is_well_represented_and_totals_match_the_file()
    {
        // Per-class counts of sklearn's digits.csv.gz (178, 182, 177, ...), so no row is lost or duplicated by the split.
        int[] fileCounts = { 178, 182, 177, 183, 181, 182, 181, 179, 174, 180 };
        var train = new int[10];
        var test = new int[10];
        foreach (int label in Data.TrainLabels) train[label]++;
        foreach (int label in Data.TestLabels) test[label]++;
        for (int c = 0; c < 10; c++)
        {
            Assert.True(test[c] >= 30, $"class {c} has only {test[c]} test samples");
            Assert.Equal(fileCounts[c], train[c] + test[c]);
        }
    }

    [Fact]
    public void Split_is_a_shuffle_not_the_file_order()
    {
        // The file cycles through 0..9 in order at the start; an unshuffled split would start 0,1,2,3.
        Assert.NotEqual(new[] { 0, 1, 2, 3, 4, 5, 6, 7 }, Data.TrainLabels[..8]);
    }
}
