using System.Diagnostics;
using System.Text.Json;
using Edge.Tests.Data;
using Edge.Tests.Transport;
using static Edge.Tests.Commands.EdgeRunner;

namespace Edge.Tests.Transfer;

/// <summary>
/// Issue 14: a transfer to a board behind a real serial line. `edge board run --line` serves the new board on one end of
/// a socat pseudo-terminal pair, the transfer reaches it through the other end as serial:DEVICE, and the result is the
/// one the same transfer gets in process, down to the new board's weights and the bytes on the wire.
/// </summary>
public sealed class SerialLineTransferTests
{
    private static readonly string[] Compared =
        ["old_accuracy", "new_accuracy", "agreement", "naive_copy_accuracy", "held_out_agreement", "queries", "test_queries", "epochs",
         "frames", "training_frames", "bytes_to_boards", "bytes_from_boards", "estimated_seconds_at_115200"];

    [Trait("Category", "Slow")] // over 2 s: left out by --filter "Category!=Slow"
    [NeedsSocatFact]
    public void ATransferToABoardOnASerialLine_EndsAsTheSameTransferInProcess()
    {
        HangGuard.Run(() =>
        {
            using var dir = new TempDirectory();
            Json("flash", "sim:sim-digits#1", "--arch", "64-16-10", "--seed", "3", "--flash-dir", dir.File("A-line"));
            Json("train", "sim:sim-digits#1", "--data", "digits", "--epochs", "4", "--no-eval", "--flash-dir", dir.File("A-line"));
            CopyDirectory(dir.File("A-line"), dir.File("A-local"));   // the same old board, as it was, for each transfer
            string[] transfer = ["transfer", "--from", "sim:sim-digits#1", "--data", "digits", "--queries", "120", "--epochs", "6", "--measure-old"];

            JsonElement local = Transfer([.. transfer, "--from-flash-dir", dir.File("A-local"), "--to", "sim:sim-digits#2",
                                      "--to-flash-dir", dir.File("B-local"), "--cache", dir.File("local.harvest")]);

            using var pair = new SocatPtyPair();
            var home = new Dictionary<string, string> { ["EDGE_HOME"] = dir.File("home") };
            using Process board = Start(home, "board", "run", "--profile", "sim-digits", "--serial", "2", "--flash-dir", dir.File("B-line"),
                                        "--line", "serial:" + pair.PortB, "--json");
            JsonElement line;
            try
            {
                string? first = board.StandardOutput.ReadLine();
                if (first == null) Assert.Fail("edge board run --line printed nothing: " + board.StandardError.ReadToEnd());
                Assert.Equal($"serial:{pair.PortB}?baud=115200", JsonDocument.Parse(first!).RootElement.GetProperty("address").GetString());
                // a generous answer timeout: a cold board process on a loaded CI machine was seen to take over 5 s for its
                // first HELLO; this test is about what arrives over the line, not how fast
                line = Transfer([.. transfer, "--from-flash-dir", dir.File("A-line"), "--to", $"serial:{pair.PortA}",
                             "--cache", dir.File("line.harvest"), "--timeout", "30"]);
            }
            finally
            {
                if (!board.HasExited) board.Kill();
                board.WaitForExit(10_000);
            }

            Assert.Equal($"serial:{pair.PortA}", line.GetProperty("to").GetString());
            foreach (string field in Compared)
                Assert.True(local.GetProperty(field).GetRawText() == line.GetProperty(field).GetRawText(),
                    $"{field}: {local.GetProperty(field).GetRawText()} in process, {line.GetProperty(field).GetRawText()} over the line");
            Assert.True(line.GetProperty("frames").GetInt64() > line.GetProperty("training_frames").GetInt64());
            Assert.True(line.GetProperty("new_accuracy").GetDouble() > line.GetProperty("naive_copy_accuracy").GetDouble(), "the transfer did not beat the copy");
            Assert.Equal(WeightsOf(dir, "B-local"), WeightsOf(dir, "B-line"));   // the board behind the line saved the same model
        }, TimeSpan.FromSeconds(120));
    }

    /// <summary>A transfer that must succeed (it says the naive copy's accuracy on stderr): its JSON.</summary>
    private static JsonElement Transfer(string[] args)
    {
        var (code, stdout, stderr) = Run([.. args, "--json"]);
        Assert.True(code == 0, $"edge {string.Join(' ', args)} failed ({code}): {stderr}");
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    private static byte[] WeightsOf(TempDirectory dir, string flash)
    {
        string file = dir.File(flash + ".edgw");
        Json("weights", "get", "sim:sim-digits#2", "--flash-dir", dir.File(flash), "--out", file);
        return File.ReadAllBytes(file);
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }
}
