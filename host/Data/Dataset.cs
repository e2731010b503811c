namespace Edge.Host.Data;

/// <summary>
/// A classification data set with a fixed train/test split. Every feature is a float in [0, 1]
/// (the loaders scale and clamp), which is what <see cref="AdcEncoder"/> turns into ADC codes and
/// what a board's stimulus path treats as a fraction of its input range.
/// </summary>
public sealed class Dataset
{
    public string Name { get; }
    public int FeatureCount { get; }
    public int ClassCount { get; }
    public float[][] TrainFeatures { get; }
    public int[] TrainLabels { get; }
    public float[][] TestFeatures { get; }
    public int[] TestLabels { get; }

    /// <summary>Human-readable class names indexed by label, or null when the labels are their own names.</summary>
    public string[]? ClassNames { get; }

    public int TrainCount => TrainLabels.Length;
    public int TestCount => TestLabels.Length;

    /// <summary>Checks shapes and label ranges so that a malformed set fails here, not deep inside training.</summary>
    public Dataset(string name, int featureCount, int classCount,
                   float[][] trainFeatures, int[] trainLabels,
                   float[][] testFeatures, int[] testLabels,
                   string[]? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        ArgumentNullException.ThrowIfNull(trainFeatures);
        ArgumentNullException.ThrowIfNull(trainLabels);
        ArgumentNullException.ThrowIfNull(testFeatures);
        ArgumentNullException.ThrowIfNull(testLabels);
        CheckSplit("train", featureCount, classCount, trainFeatures, trainLabels);
        CheckSplit("test", featureCount, classCount, testFeatures, testLabels);
        if (classNames != null && classNames.Length != classCount)
            throw new ArgumentException($"{classNames.Length} class names for {classCount} classes", nameof(classNames));

        Name = name;
        FeatureCount = featureCount;
        ClassCount = classCount;
        TrainFeatures = trainFeatures;
        TrainLabels = trainLabels;
        TestFeatures = testFeatures;
        TestLabels = testLabels;
        ClassNames = classNames;
    }

    /// <summary>The name of class <paramref name="label"/>: its entry in <see cref="ClassNames"/>, else the number.</summary>
    public string ClassName(int label) => ClassNames?[label] ?? label.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static void CheckSplit(string split, int featureCount, int classCount, float[][] features, int[] labels)
    {
        if (features.Length != labels.Length)
            throw new ArgumentException($"{split} split has {features.Length} feature rows but {labels.Length} labels");
        for (int i = 0; i < features.Length; i++)
        {
            if (features[i] == null || features[i].Length != featureCount)
                throw new ArgumentException($"{split} row {i} does not have {featureCount} features");
            if ((uint)labels[i] >= (uint)classCount)
                throw new ArgumentException($"{split} label {labels[i]} at row {i} is outside 0..{classCount - 1}");
        }
    }
}
