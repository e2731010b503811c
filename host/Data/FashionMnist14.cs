namespace Edge.Host.Data;

/// <summary>
/// Fashion-MNIST (Zalando, MIT) downsampled to 14×14: each output pixel is the mean of a 2×2 block
/// of the 28×28 original, scaled by 1/255 into [0, 1]. Read from the IDX files of Debian's
/// <c>dataset-fashion-mnist</c> (or a directory given with --data-dir), with the data set's own
/// 60 000 / 10 000 train/test split.
/// </summary>
public static class FashionMnist14
{
    public const string Name = "fashion14";
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";
    public const int SourceSide = 28;
    public const int Side = 14;
    public const int FeatureCount = Side * Side;
    public const int ClassCount = 10;
    public const int TrainCount = 60000;
    public const int TestCount = 10000;

    public static readonly string[] ClassNames =
        { "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot" };

    private const string TrainImages = "train-images-idx3-ubyte";
    private const string TrainLabels = "train-labels-idx1-ubyte";
    private const string TestImages = "t10k-images-idx3-ubyte";
    private const string TestLabels = "t10k-labels-idx1-ubyte";

    public static Dataset Load(string? dataDir = null)
    {
        string dir = dataDir ?? DefaultDirectory;
        string[] baseNames = { TrainImages, TrainLabels, TestImages, TestLabels };
        var paths = new string?[baseNames.Length];
        int found = 0;
        for (int i = 0; i < baseNames.Length; i++)
        {
            paths[i] = Locate(dir, baseNames[i]);
            if (paths[i] != null) found++;
        }
        if (found == 0)
            throw new DataException(
                $"Fashion-MNIST not found in {dir}: install it with 'sudo apt-get install dataset-fashion-mnist' or pass --data-dir");
        for (int i = 0; i < baseNames.Length; i++)
            if (paths[i] == null)
                throw new DataException($"Fashion-MNIST in {dir} is incomplete: {baseNames[i]}.gz (or {baseNames[i]}) is missing");

        // The four files are independent; decompressing them in parallel roughly halves the load time.
        var train = Task.Run(() => LoadSplit(paths[0]!, paths[1]!));
        var test = Task.Run(() => LoadSplit(paths[2]!, paths[3]!));
        // GetResult rethrows a task's own exception (a DataException naming the file), not an AggregateException.
        var (trainFeatures, trainLabels) = train.GetAwaiter().GetResult();
        var (testFeatures, testLabels) = test.GetAwaiter().GetResult();
        return new Dataset(Name, FeatureCount, ClassCount, trainFeatures, trainLabels, testFeatures, testLabels,
                           (string[])ClassNames.Clone());
    }

    /// <summary>The ".gz" file if present, else the uncompressed one, else null.</summary>
    private static string? Locate(string dir, string baseName)
    {
        string gz = Path.Combine(dir, baseName + ".gz");
        if (File.Exists(gz)) return gz;
        string plain = Path.Combine(dir, baseName);
        return File.Exists(plain) ? plain : null;
    }

    private static (float[][] Features, int[] Labels) LoadSplit(string imagesPath, string labelsPath)
    {
        IdxFile.Images images = IdxFile.ReadImages(imagesPath);
        byte[] rawLabels = IdxFile.ReadLabels(labelsPath);
        if (images.Rows != SourceSide || images.Columns != SourceSide)
            throw new DataException($"{imagesPath}: images are {images.Rows}x{images.Columns}, expected {SourceSide}x{SourceSide}");
        if (rawLabels.Length != images.Count)
            throw new DataException($"{labelsPath}: {rawLabels.Length} labels for {images.Count} images in {Path.GetFileName(imagesPath)}");

        var features = new float[images.Count][];
        var labels = new int[images.Count];
        for (int i = 0; i < images.Count; i++)
        {
            if (rawLabels[i] >= ClassCount)
                throw new DataException($"{labelsPath}: label {rawLabels[i]} of item {i} is outside 0..{ClassCount - 1}");
            labels[i] = rawLabels[i];
            features[i] = Downsample(images.Pixels, i * SourceSide * SourceSide);
        }
        return (features, labels);
    }

    /// <summary>Mean of each 2×2 block of the 28×28 image at <paramref name="offset"/>, divided by 255.</summary>
    internal static float[] Downsample(byte[] pixels, int offset)
    {
        const float FullBlock = 4 * 255;
        var output = new float[FeatureCount];
        for (int r = 0; r < Side; r++)
        {
            int top = offset + 2 * r * SourceSide;
            int bottom = top + SourceSide;
            for (int c = 0; c < Side; c++)
            {
                int sum = pixels[top + 2 * c] + pixels[top + 2 * c + 1] + pixels[bottom + 2 * c] + pixels[bottom + 2 * c + 1];
                output[r * Side + c] = sum / FullBlock; // exact division: a full-white block is exactly 1
            }
        }
        return output;
    }
}
