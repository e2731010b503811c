using System.Globalization;
using System.Text.Json;
using Edge.Core.Numerics;
using Edge.Host.Reference;
using Edge.Host.Teachers;
using Edge.Tests.Data;
using Xunit;
using Xunit.Abstractions;

namespace Edge.Tests.Teachers;

public class OnnxTeacherTests
{
    private readonly ITestOutputHelper _output;

    public OnnxTeacherTests(ITestOutputHelper output) { _output = output; }

    [NeedsPythonOnnxFact]
    public void A_model_made_by_python_onnx_loads_and_gives_the_logits_computed_by_hand()
    {
        const int features = 6, hidden = 5, classes = 4;
        var random = new Pcg32(42, 0);
        float[,] w1 = RandomMatrix(random, features, hidden), w2 = RandomMatrix(random, hidden, classes);
        float[] b1 = RandomVector(random, hidden), b2 = RandomVector(random, classes);
        using var dir = new TempDirectory();
        string weights = dir.Write("weights.json", JsonSerializer.Serialize(new { w1 = Rows(w1), b1, w2 = Rows(w2), b2 }));
        string path = dir.File("torch_like.onnx");
        PythonOnnx.Run("mlp", weights, path);

        using var teacher = new OnnxTeacher(path);
        Assert.Equal("x.1", teacher.InputName); // names come from the file, not assumed
        Assert.Equal("out", teacher.OutputName);
        Assert.Equal(features, teacher.InputCount);
        Assert.Equal(classes, teacher.ClassCount);

        float[][] inputs = OnnxExportTests.RandomInputs(features, 50, seed: 9);
        float[][] batch = teacher.Logits(inputs);
        var logits = new float[classes];
        for (int n = 0; n < inputs.Length; n++)
        {
            double[] expected = ByHand(inputs[n], w1, b1, w2, b2);
            teacher.Logits(inputs[n], logits);
            for (int c = 0; c < classes; c++)
            {
                Assert.True(Math.Abs(logits[c] - expected[c]) <= 1e-5, $"row {n} class {c}: {logits[c]} vs {expected[c]}");
                Assert.True(Math.Abs(batch[n][c] - expected[c]) <= 1e-5, $"batch row {n} class {c}: {batch[n][c]} vs {expected[c]}");
            }
        }
    }

    [NeedsPythonOnnxFact]
    public void A_class_count_left_symbolic_in_the_metadata_is_found_by_running_the_model()
    {
        var random = new Pcg32(8, 0);
        using var dir = new TempDirectory();
        string weights = dir.Write("weights.json", JsonSerializer.Serialize(new
        {
            w1 = Rows(RandomMatrix(random, 3, 4)), b1 = RandomVector(random, 4),
            w2 = Rows(RandomMatrix(random, 4, 7)), b2 = RandomVector(random, 7),
        }));
        string path = dir.File("symbolic.onnx");
        PythonOnnx.Run("mlp", weights, path, "symbolic");
        using var teacher = new OnnxTeacher(path);
        Assert.Equal(3, teacher.InputCount);
        Assert.Equal(7, teacher.ClassCount);
        Assert.Equal(7, teacher.Logits([new float[3], new float[3]])[1].Length);
    }

    [Fact]
    public void A_missing_file_or_a_directory_is_one_clear_error()
    {
        using var dir = new TempDirectory();
        string missing = dir.File("nothing.onnx");
        AssertOneLine(Assert.Throws<TeacherException>(() => new OnnxTeacher(missing)), "no ONNX file at " + missing);
        AssertOneLine(Assert.Throws<TeacherException>(() => new OnnxTeacher(dir.Path)), "is a directory");
    }

    [Fact]
    public void Random_bytes_are_not_an_onnx_model()
    {
        using var dir = new TempDirectory();
        var random = new Pcg32(5, 0);
        var bytes = new byte[4096];
        for (int k = 0; k < bytes.Length; k++) bytes[k] = (byte)random.NextBits(8);
        string path = dir.File("noise.onnx");
        File.WriteAllBytes(path, bytes);
        AssertOneLine(Assert.Throws<TeacherException>(() => new OnnxTeacher(path)), "is not a usable ONNX model");

        string text = dir.Write("text.onnx", "this is not a model\n");
        AssertOneLine(Assert.Throws<TeacherException>(() => new OnnxTeacher(text)), "is not a usable ONNX model");
        string empty = dir.Write("empty.onnx", "");
        AssertOneLine(Assert.Throws<TeacherException>(() => new OnnxTeacher(empty)), "ONNX model");
    }

    [Fact]
    public void A_truncated_file_is_one_clear_error()
    {
        using var dir = new TempDirectory();
        byte[] whole = OnnxExport.ToBytes(new FloatMlp([16, 8, 3], seed: 1));
        foreach (int length in new[] { whole.Length / 3, whole.Length / 2, whole.Length - 7 })
        {
            string path = dir.File($"cut{length}.onnx");
            File.WriteAllBytes(path, whole[..length]);
            AssertOneLine(Assert.Throws<TeacherException>(() => new OnnxTeacher(path)), "ONNX model");
        }
    }

    [Trait("Category", "Slow")] // over 2 s: left out by --filter "Category!=Slow"
    [NeedsPythonOnnxFact]
    public void Models_of_the_wrong_shape_or_type_are_refused_with_the_reason()
    {
        using var dir = new TempDirectory();
        (string Kind, string Reason)[] cases =
        [
            ("rank3", "input 'x' has shape [N, 2, 3]; a teacher needs rank 2"),
            ("int64", "input 'x' holds Int64; a teacher needs float32"),
            ("two-inputs", "has 2 inputs (a, b); a teacher needs exactly one"),
            ("fixed-batch", "fixed batch of 4"),
        ];
        foreach (var (kind, reason) in cases)
        {
            string path = dir.File(kind + ".onnx");
            PythonOnnx.Run(kind, path);
            var error = Assert.Throws<TeacherException>(() => new OnnxTeacher(path));
            AssertOneLine(error, reason);
            Assert.Contains(path, error.Message);
        }
    }

    private void AssertOneLine(TeacherException error, string expected)
    {
        _output.WriteLine(error.Message);
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    private static double[] ByHand(float[] x, float[,] w1, float[] b1, float[,] w2, float[] b2)
    {
        var h = new double[b1.Length];
        for (int j = 0; j < h.Length; j++)
        {
            double z = b1[j];
            for (int i = 0; i < x.Length; i++) z += x[i] * (double)w1[i, j];
            h[j] = Math.Max(0, z);
        }
        var o = new double[b2.Length];
        for (int c = 0; c < o.Length; c++)
        {
            double z = b2[c];
            for (int j = 0; j < h.Length; j++) z += h[j] * w2[j, c];
            o[c] = z;
        }
        return o;
    }

    private static float[,] RandomMatrix(Pcg32 random, int rows, int columns)
    {
        var m = new float[rows, columns];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++) m[r, c] = Uniform(random);
        return m;
    }

    private static float[] RandomVector(Pcg32 random, int length)
    {
        var v = new float[length];
        for (int k = 0; k < length; k++) v[k] = Uniform(random);
        return v;
    }

    // In [-1, 1), a multiple of 2^-23: exact in float32 and in JSON's decimal round trip.
    private static float Uniform(Pcg32 random) => (random.NextUInt() >> 8) / 8388608f - 1f;

    private static float[][] Rows(float[,] m)
    {
        var rows = new float[m.GetLength(0)][];
        for (int r = 0; r < rows.Length; r++)
        {
            rows[r] = new float[m.GetLength(1)];
            for (int c = 0; c < rows[r].Length; c++) rows[r][c] = m[r, c];
        }
        return rows;
    }
}
