using System.Diagnostics;
using System.IO.Compression;
using Edge.Host.Data;
using Xunit;
using Xunit.Abstractions;

namespace Edge.Tests.Data;

/// <summary>A fact that is skipped, with a message saying why, when Debian's Fashion-MNIST is not installed.</summary>
public sealed class FashionMnistInstalledFactAttribute : FactAttribute
{
    public FashionMnistInstalledFactAttribute()
    {
        if (!Directory.Exists(FashionMnist14.DefaultDirectory))
            Skip = $"Fashion-MNIST is not installed in {FashionMnist14.DefaultDirectory} (sudo apt-get install dataset-fashion-mnist)";
    }
}

/// <summary>Loads the real Fashion-MNIST once for all tests of the class, and times it.</summary>
public sealed class FashionMnistFixture
{
    private readonly Lazy<(Dataset Data, TimeSpan LoadTime)> _loaded = new(() =>
    {
        var watch = Stopwatch.StartNew();
        Dataset data = FashionMnist14.Load();
        return (data, watch.Elapsed);
    });

    public Dataset Data => _loaded.Value.Data;
    public TimeSpan LoadTime => _loaded.Value.LoadTime;
}

public class FashionMnist14Tests : IClassFixture<FashionMnistFixture>
{
    private readonly FashionMnistFixture _fashion;
    private readonly ITestOutputHelper _output;

    public FashionMnist14Tests(FashionMnistFixture fashion, ITestOutputHelper output)
    {
        _fashion = fashion;
        _output = output;
    }

    [FashionMnistInstalledFact]
    public void Real_files_give_60000_train_and_10000_test_images_of_196_features()
    {
        Dataset data = _fashion.Data;
        _output.WriteLine($"fashion14 load time (first load in this process, includes JIT): {_fashion.LoadTime.TotalMilliseconds:F0} ms");

        Assert.Equal("fashion14", data.Name);
        Assert.Equal(196, data.FeatureCount);
        Assert.Equal(10, data.ClassCount);
        Assert.Equal(60000, data.TrainCount);
        Assert.Equal(10000, data.TestCount);
        Assert.Equal("Ankle boot", data.ClassName(9));

        var perClass = new int[10];
        foreach (int label in data.TrainLabels) perClass[label]++;
        Assert.All(perClass, count => Assert.Equal(6000, count)); // Fashion-MNIST is balanced
        foreach (float[] row in data.TestFeatures)
            foreach (float x in row) Assert.InRange(x, 0f, 1f);
    }

    [FashionMnistInstalledFact]
    public void First_training_image_is_the_2x2_average_of_the_raw_idx_bytes()
    {
        byte[] raw = new byte[16 + 28 * 28];
        using (var gzip = new GZipStream(File.OpenRead(Path.Combine(FashionMnist14.DefaultDirectory, "train-images-idx3-ubyte.gz")),
                                         CompressionMode.Decompress))
            gzip.ReadExactly(raw);
        byte[] labels = new byte[9];
        using (var gzip = new GZipStream(File.OpenRead(Path.Combine(FashionMnist14.DefaultDirectory, "train-labels-idx1-ubyte.gz")),
                                         CompressionMode.Decompress))
            gzip.ReadExactly(labels);

        float[] first = _fashion.Data.TrainFeatures[0];
        int nonZero = 0;
        for (int r = 0; r < 14; r++)
            for (int c = 0; c < 14; c++)
            {
                int p(int y, int x) => raw[16 + y * 28 + x];
                double expected = (p(2 * r, 2 * c) + p(2 * r, 2 * c + 1) + p(2 * r + 1, 2 * c) + p(2 * r + 1, 2 * c + 1)) / 4.0 / 255.0;
                Assert.Equal(expected, first[r * 14 + c], 1e-6);
                if (expected > 0) nonZero++;
            }
        Assert.True(nonZero > 50, "the first image should not be blank");
        Assert.Equal(labels[8], _fashion.Data.TrainLabels[0]);
    }
}

/// <summary>The loader on small synthetic IDX sets: file naming, missing files, inconsistent files.</summary>
public class FashionMnist14FileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static byte[] Images(int count, int seed)
    {
        var pixels = new byte[count * 28 * 28];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)((i * 31 + seed) % 256);
        return pixels;
    }

    private void WriteSet(string suffix, int trainCount = 3, int testCount = 2, int trainLabelCount = -1)
    {
        IdxWriter.WriteImages(_dir.File("train-images-idx3-ubyte" + suffix), trainCount, 28, 28, Images(trainCount, 1));
        IdxWriter.WriteLabels(_dir.File("train-labels-idx1-ubyte" + suffix),
                              Enumerable.Range(0, trainLabelCount < 0 ? trainCount : trainLabelCount).Select(i => (byte)(i % 10)).ToArray());
        IdxWriter.WriteImages(_dir.File("t10k-images-idx3-ubyte" + suffix), testCount, 28, 28, Images(testCount, 2));
        IdxWriter.WriteLabels(_dir.File("t10k-labels-idx1-ubyte" + suffix), Enumerable.Range(0, testCount).Select(i => (byte)(9 - i)).ToArray());
    }

    [Theory]
    [InlineData("")]
    [InlineData(".gz")]
    public void Loads_plain_or_gzipped_files_from_a_data_dir(string suffix)
    {
        WriteSet(suffix);

        Dataset data = DataSources.Load("fashion14", _dir.Path);

        Assert.Equal(3, data.TrainCount);
        Assert.Equal(2, data.TestCount);
        Assert.Equal(new[] { 9, 8 }, data.TestLabels);
        byte[] pixels = Images(3, 1);
        int Pixel(int y, int x) => pixels[2 * 784 + y * 28 + x]; // third training image
        double expected = (Pixel(10, 6) + Pixel(10, 7) + Pixel(11, 6) + Pixel(11, 7)) / 1020.0;
        Assert.Equal(expected, data.TrainFeatures[2][5 * 14 + 3], 1e-6);
    }

    [Fact]
    public void Missing_directory_names_the_install_command()
    {
        string missing = Path.Combine(_dir.Path, "absent");

        var e = Assert.Throws<DataException>(() => FashionMnist14.Load(missing));

        Assert.Equal($"Fashion-MNIST not found in {missing}: install it with 'sudo apt-get install dataset-fashion-mnist' or pass --data-dir",
                     e.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        WriteSet(".gz");
        File.Delete(_dir.File("t10k-labels-idx1-ubyte.gz"));

        var e = Assert.Throws<DataException>(() => FashionMnist14.Load(_dir.Path));

        Assert.Contains("t10k-labels-idx1-ubyte", e.Message);
    }

    [Fact]
    public void Label_count_must_match_image_count()
    {
        WriteSet(".gz", trainCount: 3, trainLabelCount: 4);

        var e = Assert.Throws<DataException>(() => FashionMnist14.Load(_dir.Path));

        Assert.Contains("train-labels-idx1-ubyte.gz", e.Message);
        Assert.Contains("4 labels for 3 images", e.Message);
    }

    [Fact]
    public void Images_must_be_28x28()
    {
        WriteSet("");
        IdxWriter.WriteImages(_dir.File("train-images-idx3-ubyte"), 3, 14, 14, new byte[3 * 196]);

        var e = Assert.Throws<DataException>(() => FashionMnist14.Load(_dir.Path));

        Assert.Contains("14x14, expected 28x28", e.Message);
    }
}
