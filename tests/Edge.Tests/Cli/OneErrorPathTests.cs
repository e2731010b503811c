using Edge.Host.Data;
using Edge.Tests.Data;
using Edge.Tests.Transport;
using static Edge.Tests.Commands.EdgeRunner;

namespace Edge.Tests.Cli;

/// <summary>
/// Issue 17, case 9: a data, cache or file error is one line naming the file and what is wrong, in every command,
/// never "internal error"; numbers and headers in a CSV are told apart correctly.
/// </summary>
public sealed class OneErrorPathTests
{
    [Fact]
    public void EveryDataErrorOfBenchLearn_IsOneLineNamingTheFile()
    {
        using var dir = new TempDirectory();
        string ragged = dir.Write("ragged.csv", "1,2,a\n3,4,b\n5,b\n");
        string nan = dir.Write("nan.csv", "1,2,a\n3,NaN,b\n5,6,b\n");
        var cases = new (string[] Args, string Names, string Says)[]
        {
            (["--data", "csv:" + dir.File("missing.csv")], dir.File("missing.csv"), "no CSV file"),
            (["--data", "csv:" + ragged], "ragged.csv", "line 3"),
            (["--data", "csv:" + nan], "nan.csv", "not a finite number"),
            (["--data", "mnist"], "mnist", "unknown data set"),
            (["--data", "fashion14", "--data-dir", dir.File("nowhere")], dir.File("nowhere"), "not found"),
        };
        foreach (var (args, names, says) in cases)
        {
            var (code, line) = Fail(["bench", "learn", .. args, "--epochs", "1"]);
            Assert.Equal(1, code);
            Assert.DoesNotContain("internal error", line);
            Assert.Contains(names, line);
            Assert.Contains(says, line);
        }
    }

    [Fact]
    public void AFirstRowWithANaN_IsBadData_NotAHeader()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("first.csv", "NaN,2,a\n3,4,b\n5,6,a\n7,8,b\n");
        var error = Assert.Throws<DataException>(() => CsvData.Load(path));
        Assert.Contains("line 1", error.Message);
        Assert.Contains("'NaN' is not a finite number", error.Message);
        var headed = CsvData.Load(dir.Write("header.csv", "x,y,label\n1,2,a\n3,4,b\n5,6,a\n"));
        Assert.Equal(3, headed.TrainCount + headed.TestCount);
    }

    [Fact]
    public void ANumberBeyondAFloat_IsSaidToBeOutOfRange_NotInfinite()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("big.csv", "1,2,a\n3,1e308,b\n5,6,a\n");
        var error = Assert.Throws<DataException>(() => CsvData.Load(path));
        Assert.Contains("line 2, column 2: feature '1e308' is outside the range of a 32-bit float", error.Message);
    }

    [Fact]
    public void ADirectoryGivenAsAFile_IsCalledADirectory()
    {
        HangGuard.Run(() =>
        {
            using var dir = new TempDirectory();
            string folder = dir.File("folder");
            Directory.CreateDirectory(folder);
            string[][] commands =
            [
                ["weights", "put", "sim:sim-digits#33", folder, "--flash-dir", dir.File("board")],
                ["bench", "learn", "--data", "csv:" + folder, "--epochs", "1"],
                ["distill", "sim:sim-digits#33", "--teacher", folder, "--flash-dir", dir.File("board")],
            ];
            foreach (string[] command in commands)
            {
                var (code, line) = Fail(command);
                Assert.Equal(1, code);
                Assert.Contains(folder + " is a directory", line);
            }
        }, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void ADemoPlotInAMissingFolder_FailsBeforeAnyWork()
    {
        using var dir = new TempDirectory();
        string plot = dir.File("no/such/folder/demo.png");
        var (code, line) = Fail("demo", "--work-dir", dir.File("work"), "--plot", plot);
        Assert.Equal(1, code);
        Assert.Contains("does not exist", line);
        Assert.Contains(plot, line);
        Assert.False(Directory.Exists(dir.File("work")));
    }
}
