using System.Text.Json;
using Edge.Boards.Simulated;
using Edge.Host.Reference;
using Edge.Host.Targets;
using Edge.Host.Teachers;
using Edge.Tests.Data;
using Edge.Tests.Transport;
using static Edge.Tests.Commands.EdgeRunner;

namespace Edge.Tests.Commands;

/// <summary>
/// Issue 17, cases 1, 3 and 4 through the command line: a damaged cache costs one record, a transfer never
/// overwrites its own old board, a cache is never resumed against another board or set without --force, and an
/// old board without a model or a teacher at chance level is refused before the new board is touched.
/// </summary>
public sealed class TransferSafetyTests
{
    private static string[] Transfer(TempDirectory dir, int from, int to, string cache, string fromDir, string toDir, params string[] more) =>
        ["transfer", "--from", $"sim:sim-digits#{from}", "--from-flash-dir", dir.File(fromDir), "--to", $"sim:sim-digits#{to}",
         "--to-flash-dir", dir.File(toDir), "--data", "digits", "--cache", dir.File(cache), "--epochs", "1", .. more];

    private static JsonElement Succeeds(string[] args)
    {
        var (code, stdout, stderr) = Run([.. args, "--json"]);
        Assert.True(code == 0, $"edge {string.Join(' ', args)} failed ({code}): {stderr}");
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    private static string Flash(TempDirectory dir, int serial, string flashDir, int seed = 1)
    {
        Json("flash", $"sim:sim-digits#{serial}", "--arch", "64-16-10", "--seed", seed.ToString(), "--flash-dir", dir.File(flashDir));
        return dir.File(flashDir);
    }

    private static byte[] WeightsOf(TempDirectory dir, int serial, string flashDir)
    {
        string file = dir.File($"w{serial}-{Guid.NewGuid():N}.edgw");
        Json("weights", "get", $"sim:sim-digits#{serial}", "--flash-dir", dir.File(flashDir), "--out", file);
        return File.ReadAllBytes(file);
    }

    [Fact]
    public void AFlippedByteInTheCache_CostsOneRecord_AndEverythingAfterItStays()
    {
        HangGuard.Run(() =>
        {
            using var dir = new TempDirectory();
            Flash(dir, 61, "A");
            Succeeds(Transfer(dir, 61, 62, "F.harvest", "A", "B"));
            string cache = dir.File("F.harvest");
            byte[] bytes = File.ReadAllBytes(cache);
            bytes[bytes.Length / 2] ^= 0x40;
            File.WriteAllBytes(cache, bytes);

            JsonElement rerun = Succeeds(Transfer(dir, 61, 62, "F.harvest", "A", "B"));
            Assert.True(rerun.GetProperty("queries").GetInt64() <= 1, $"asked {rerun.GetProperty("queries")} stimuli again");
            Assert.True(rerun.GetProperty("harvest_complete").GetBoolean());
            Assert.True(new FileInfo(cache).Length >= bytes.Length, "the cache lost bytes");
        }, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public void FromAndToTheSameBoard_IsRefused_AndTheBoardKeepsItsModel()
    {
        HangGuard.Run(() =>
        {
            using var dir = new TempDirectory();
            Flash(dir, 63, "A");
            byte[] before = WeightsOf(dir, 63, "A");
            var (code, line) = Fail(Transfer(dir, 63, 63, "F.harvest", "A", "A"));
            Assert.NotEqual(0, code);
            Assert.Contains("same board", line);
            Assert.Equal(before, WeightsOf(dir, 63, "A"));
        }, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void ACacheOfAnotherBoardOrSet_OrAnOldBoardWithoutModel_IsRefused()
    {
        HangGuard.Run(() =>
        {
            using var dir = new TempDirectory();
            Flash(dir, 64, "A");
            Succeeds(Transfer(dir, 64, 65, "F.harvest", "A", "B"));
            byte[] newBoard = WeightsOf(dir, 65, "B");

            // another board, with its own model: its answers must not be mixed into #64's
            Flash(dir, 66, "C", seed: 2);
            var (_, another) = Fail(Transfer(dir, 66, 65, "F.harvest", "C", "B"));
            Assert.Contains("harvested from sim-digits#64", another);
            Assert.Contains("sim-digits#66", another);

            // another transfer set (a CSV of digits' shape)
            string csv = dir.Write("other.csv", string.Concat(Enumerable.Range(0, 40).Select(i =>
                string.Join(',', Enumerable.Range(0, 64).Select(f => ((i * 7 + f) % 17).ToString())) + "," + (i % 10) + "\n")));
            string[] otherSet = Transfer(dir, 64, 65, "F.harvest", "A", "B");
            otherSet[Array.IndexOf(otherSet, "digits")] = "csv:" + csv;
            var (_, set) = Fail(otherSet);
            Assert.Contains("holds the harvest of digits", set);
            Assert.DoesNotContain("internal error", set);

            // the old board lost its model (its flash erased): the complete cache is not silently used
            foreach (string slot in Directory.GetFiles(dir.File("A"), "slot*.bin")) File.Delete(slot);
            var (_, noModel) = Fail(Transfer(dir, 64, 65, "F.harvest", "A", "B"));
            Assert.Contains("has no model", noModel);

            Assert.Equal(newBoard, WeightsOf(dir, 65, "B"));   // none of the refused runs touched the new board
        }, TimeSpan.FromSeconds(90));
    }

    [Fact]
    public void AGarbledWeightsFileBesideTheCache_IsOneLineNamingIt()
    {
        HangGuard.Run(() =>
        {
            using var dir = new TempDirectory();
            Flash(dir, 67, "A");
            Succeeds(Transfer(dir, 67, 68, "F.harvest", "A", "B"));
            string weights = dir.File("F.harvest.weights");
            byte[] bytes = File.ReadAllBytes(weights);
            bytes[bytes.Length / 2] ^= 0x01;
            File.WriteAllBytes(weights, bytes);
            using (var a = SimulatedBoard.Open(TargetConnector.LoadProfile("sim-digits"), 67, dir.File("A")))
                a.CountOperations((int)a.OperationsLeft!.Value);   // the old board is dead: it cannot give them again

            var (code, _, stderr) = Run(Transfer(dir, 67, 68, "F.harvest", "A", "B"));
            Assert.Equal(1, code);
            string line = stderr.Trim().Split('\n')[^1];   // after the warnings, the one error line
            Assert.StartsWith("edge: ", line);
            Assert.Contains(weights, line);
            Assert.DoesNotContain("internal error", line);
        }, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public void ATeacherAtChanceLevel_OrWithNaNOutputs_IsRefused_UnlessForced()
    {
        HangGuard.Run(() =>
        {
            using var dir = new TempDirectory();
            Flash(dir, 69, "S");
            byte[] before = WeightsOf(dir, 69, "S");
            var blank = new FloatMlp([64, 10], 1);
            foreach (float[] w in blank.Weights) Array.Clear(w);
            foreach (float[] b in blank.Biases) Array.Clear(b);
            OnnxExport.Save(blank, dir.File("blank.onnx"));
            var broken = new FloatMlp([64, 10], 1);
            broken.Weights[0][5] = float.NaN;
            OnnxExport.Save(broken, dir.File("nan.onnx"));

            string[] Distill(string teacher) =>
                ["distill", "sim:sim-digits#69", "--teacher", dir.File(teacher), "--data", "digits", "--epochs", "1", "--flash-dir", dir.File("S")];
            var (_, chance) = Fail(Distill("blank.onnx"));
            Assert.Contains("chance", chance);
            var (_, nan) = Fail(Distill("nan.onnx"));
            Assert.Contains("not finite", nan);
            Assert.Equal(before, WeightsOf(dir, 69, "S"));

            Succeeds([.. Distill("blank.onnx"), "--force"]);
        }, TimeSpan.FromSeconds(60));
    }
}
