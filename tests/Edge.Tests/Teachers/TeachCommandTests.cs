using System.Text.Json;
using Edge.Host.Cli;
using Edge.Host.Data;
using Edge.Host.Teachers;
using Edge.Tests.Data;
using Xunit;

namespace Edge.Tests.Teachers;

public class TeachCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = new CliApp(EdgeCommands.All(), stdout, stderr).Run(args);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Trait("Category", "Slow")] // over 2 s: left out by --filter "Category!=Slow"
    [Fact]
    public void Teach_on_digits_writes_a_file_that_loads_and_reports_its_accuracy()
    {
        using var dir = new TempDirectory();
        string path = dir.File("teacher.onnx");
        var (code, stdout, stderr) = Run("teach", "--data", "digits", "--arch", "64-64-10", "--epochs", "3", "--out", path, "--json");
        Assert.True(code == 0, stderr);

        using var json = JsonDocument.Parse(stdout);
        JsonElement root = json.RootElement;
        Assert.Equal("64-64-10", root.GetProperty("arch").GetString());
        Assert.Equal(3, root.GetProperty("epochs").GetInt32());
        Assert.Equal(Path.GetFullPath(path), root.GetProperty("out").GetString());
        double testAccuracy = root.GetProperty("test_accuracy").GetDouble();
        Assert.InRange(testAccuracy, 85, 100);
        Assert.InRange(root.GetProperty("train_accuracy").GetDouble(), 85, 100);
        Assert.True(root.GetProperty("seconds").GetDouble() > 0);

        using var teacher = new OnnxTeacher(path);
        Assert.Equal(64, teacher.InputCount);
        Assert.Equal(10, teacher.ClassCount);
        Dataset digits = Digits.Load();
        double reloaded = 100 * TeacherEvaluation.Accuracy(teacher, digits.TestFeatures, digits.TestLabels);
        Assert.Equal(testAccuracy, Math.Round(reloaded, 2));
    }

    [Fact]
    public void An_architecture_that_does_not_fit_the_data_is_a_usage_error_naming_the_fix()
    {
        using var dir = new TempDirectory();
        var (code, _, stderr) = Run("teach", "--data", "digits", "--arch", "196-128-10", "--out", dir.File("x.onnx"));
        Assert.Equal(UsageException.UsageExitCode, code);
        Assert.Contains("64 features", stderr);
        (code, _, stderr) = Run("teach", "--data", "digits", "--arch", "64-128-7", "--out", dir.File("x.onnx"));
        Assert.Equal(UsageException.UsageExitCode, code);
        Assert.Contains("10 classes", stderr);
        (code, _, stderr) = Run("teach", "--arch", "64-x-10", "--out", dir.File("x.onnx"));
        Assert.Equal(UsageException.UsageExitCode, code);
        Assert.Contains("--arch '64-x-10'", stderr);
        Assert.False(File.Exists(dir.File("x.onnx")));
    }

    [Fact]
    public void Teach_needs_an_output_file()
    {
        var (code, _, stderr) = Run("teach", "--epochs", "1");
        Assert.Equal(UsageException.UsageExitCode, code);
        Assert.Contains("--out", stderr);
    }

    [Fact]
    public void A_data_set_that_cannot_be_read_is_one_line_not_an_internal_error()
    {
        using var dir = new TempDirectory();
        var (code, _, stderr) = Run("teach", "--data", "csv:" + dir.File("missing.csv"), "--out", dir.File("x.onnx"));
        Assert.Equal(CliException.FailureExitCode, code);
        Assert.StartsWith("edge: no CSV file at " + dir.File("missing.csv"), stderr);
        Assert.DoesNotContain("internal error", stderr);
    }
}
