using Edge.Core.Numerics;
using Edge.Host.Data;
using Edge.Host.Reference;
using Edge.Host.Teachers;
using Edge.Tests.Data;
using Xunit;
using Xunit.Abstractions;

namespace Edge.Tests.Teachers;

public class OnnxExportTests
{
    private readonly ITestOutputHelper _output;

    public OnnxExportTests(ITestOutputHelper output) { _output = output; }

    [Fact]
    public void Saved_network_runs_in_OnnxRuntime_with_the_hosts_logits_on_random_inputs_and_data()
    {
        var network = new FloatMlp([64, 48, 32, 10], seed: 7);
        RandomizeBiases(network, seed: 7);
        using var dir = new TempDirectory();
        string path = dir.File("net.onnx");
        OnnxExport.Save(network, path);

        using var onnx = new OnnxTeacher(path);
        Assert.Equal("input", onnx.InputName);
        Assert.Equal("logits", onnx.OutputName);
        Assert.Equal(64, onnx.InputCount);
        Assert.Equal(10, onnx.ClassCount);

        float[][] inputs = [.. RandomInputs(64, 300, seed: 3), .. Digits.Load().TestFeatures];
        double difference = MaxDifference(onnx, new FloatMlpTeacher(network), inputs);
        _output.WriteLine($"max |onnx - host| over {inputs.Length} inputs: {difference:E3}");
        Assert.True(difference <= 1e-5, $"OnnxRuntime and FloatMlp logits differ by {difference:E3}");
    }

    [Fact]
    public void A_trained_teacher_keeps_its_logits_and_predictions_through_the_file()
    {
        Dataset digits = Digits.Load();
        FloatMlp network = TeacherTraining.Train(digits, TeacherSettings.For(digits) with { Epochs = 4 });
        using var dir = new TempDirectory();
        string path = dir.File("teacher.onnx");
        OnnxExport.Save(network, path);

        using var onnx = new OnnxTeacher(path);
        var host = new FloatMlpTeacher(network);
        float[][] onnxLogits = onnx.Logits(digits.TestFeatures);
        float[][] hostLogits = ((ITeacher)host).Logits(digits.TestFeatures);
        double worst = 0, largest = 0;
        for (int n = 0; n < onnxLogits.Length; n++)
            for (int c = 0; c < 10; c++)
            {
                worst = Math.Max(worst, Math.Abs(onnxLogits[n][c] - hostLogits[n][c]));
                largest = Math.Max(largest, Math.Abs(hostLogits[n][c]));
            }
        _output.WriteLine($"trained: max |onnx - host| {worst:E3}, largest |logit| {largest:F2}");
        // Float32 sums of 64 and 256 terms in another order (OnnxRuntime's Gemm vs FloatMlp's dot
        // product) differ by a few ulps of the largest logit: 1e-5 absolute for logits up to ~10,
        // relative beyond, since a float's ulp at 32 is already 3.8e-6.
        Assert.True(worst <= 1e-5 * Math.Max(1, largest / 8), $"logits differ by {worst:E3} (largest logit {largest:F2})");
        Assert.Equal(TeacherEvaluation.Accuracy(host, digits.TestFeatures, digits.TestLabels),
                     TeacherEvaluation.Accuracy(onnx, digits.TestFeatures, digits.TestLabels));
    }

    [Fact]
    public void Batch_and_single_row_evaluation_agree()
    {
        var network = new FloatMlp([20, 16, 5], seed: 11);
        using var dir = new TempDirectory();
        string path = dir.File("small.onnx");
        OnnxExport.Save(network, path);
        using var onnx = new OnnxTeacher(path);

        float[][] inputs = RandomInputs(20, OnnxTeacher.MaxBatchRows + 37, seed: 5); // spans two OnnxRuntime calls
        float[][] batch = onnx.Logits(inputs);
        Assert.Equal(inputs.Length, batch.Length);
        var single = new float[5];
        for (int n = 0; n < inputs.Length; n++)
        {
            onnx.Logits(inputs[n], single);
            for (int c = 0; c < 5; c++) Assert.True(Math.Abs(single[c] - batch[n][c]) <= 1e-5, $"row {n} class {c}: {single[c]} vs {batch[n][c]}");
        }
        Assert.Empty(onnx.Logits(Array.Empty<float[]>()));
    }

    [Fact]
    public void Wrong_row_sizes_are_argument_errors()
    {
        var network = new FloatMlp([4, 3], seed: 1);
        using var dir = new TempDirectory();
        OnnxExport.Save(network, dir.File("m.onnx"));
        using var onnx = new OnnxTeacher(dir.File("m.onnx"));
        Assert.Contains("reads 4", Assert.Throws<ArgumentException>(() => onnx.Logits(new float[5], new float[3])).Message);
        Assert.Contains("3 classes", Assert.Throws<ArgumentException>(() => onnx.Logits(new float[4], new float[2])).Message);
        Assert.Contains("row 1", Assert.Throws<ArgumentException>(() => onnx.Logits([new float[4], new float[3]])).Message);
        Assert.Throws<ArgumentException>(() => new FloatMlpTeacher(network).Logits(new float[5], new float[3]));
    }

    [Fact]
    public void Saving_into_a_missing_folder_fails_and_leaves_nothing()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "no-such-folder", "m.onnx");
        var error = Assert.Throws<IOException>(() => OnnxExport.Save(new FloatMlp([4, 3], 1), path));
        Assert.Contains("does not exist", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [NeedsPythonOnnxFact]
    public void The_exported_file_passes_the_onnx_checker_and_shape_inference()
    {
        using var dir = new TempDirectory();
        string path = dir.File("checked.onnx");
        OnnxExport.Save(new FloatMlp([64, 32, 16, 10], seed: 2), path);
        string verdict = PythonOnnx.Run("check", path).Trim();
        Assert.Equal("ok logits [batch, 10]", verdict);
    }

    internal static float[][] RandomInputs(int features, int count, ulong seed)
    {
        var random = new Pcg32(seed, 1);
        var rows = new float[count][];
        for (int n = 0; n < count; n++)
        {
            rows[n] = new float[features];
            for (int i = 0; i < features; i++) rows[n][i] = (random.NextUInt() >> 8) / 16777216f;
        }
        return rows;
    }

    internal static double MaxDifference(ITeacher a, ITeacher b, float[][] inputs)
    {
        double worst = 0;
        var la = new float[a.ClassCount];
        var lb = new float[b.ClassCount];
        foreach (float[] input in inputs)
        {
            a.Logits(input, la);
            b.Logits(input, lb);
            for (int c = 0; c < la.Length; c++) worst = Math.Max(worst, Math.Abs(la[c] - lb[c]));
        }
        return worst;
    }

    // A fresh FloatMlp has zero biases; non-zero ones make sure the exported biases are used.
    private static void RandomizeBiases(FloatMlp network, ulong seed)
    {
        var random = new Pcg32(seed, 2);
        foreach (float[] biases in network.Biases)
            for (int k = 0; k < biases.Length; k++) biases[k] = ((random.NextUInt() >> 8) / 16777216f - 0.5f) * 0.4f;
    }
}
