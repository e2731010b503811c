using System.Buffers.Binary;
using System.Diagnostics;
using System.Text.Json;
using Edge.Tests.Data;
using Edge.Tests.Transport;
using static Edge.Tests.Commands.EdgeRunner;

namespace Edge.Tests.Commands;

/// <summary>
/// Issue 17, case 9, what a board's flash and wear must not hide: a damaged newest model that the board passed over
/// for an older one is reported; with no valid model left the advice keeps the raw slots before any `edge flash`;
/// and the wear of a train that is killed is on disk.
/// </summary>
public sealed class BoardFlashSafetyTests
{
    private const int GenerationOffset = 68;

    [Fact]
    public void ADamagedNewestModelIsReported_AndWithNoValidModelTheRawSlotsAreKeptFirst()
    {
        HangGuard.Run(() =>
        {
            using var dir = new TempDirectory();
            string flash = dir.File("board"), target = "sim:sim-digits#95";
            Json("flash", target, "--arch", "64-16-10", "--flash-dir", flash);
            Json("train", target, "--data", "digits", "--epochs", "1", "--no-eval", "--flash-dir", flash);
            string[] slots = Directory.GetFiles(flash, "slot*.bin").Order().ToArray();
            Assert.Equal(2, slots.Length);
            string newest = slots.MaxBy(s => BinaryPrimitives.ReadUInt32LittleEndian(File.ReadAllBytes(s).AsSpan(GenerationOffset)))!;
            Damage(newest);

            var (code, stdout, stderr) = Run("eval", target, "--data", "digits", "--flash-dir", flash);
            Assert.Equal(0, code);
            Assert.Contains($"edge: warning: board {target}: newest model (generation 2) is corrupt; booted generation 1", stderr);
            Assert.Contains("test_accuracy", stdout);

            Damage(slots.Single(s => s != newest));
            var (failed, line) = Fail("eval", target, "--data", "digits", "--flash-dir", flash);
            Assert.Equal(1, failed);
            Assert.Contains("no valid model", line);
            Assert.Contains($"cp -a {flash} {flash}.damaged", line);
            Assert.Equal(2, Directory.GetFiles(flash, "slot*.bin").Length);
        }, TimeSpan.FromSeconds(60));
    }

    [Trait("Category", "Slow")] // over 2 s: left out by --filter "Category!=Slow"
    [Fact]
    public void TheWearOfAKilledTrainIsOnDisk_WithinASecond()
    {
        HangGuard.Run(() =>
        {
            using var dir = new TempDirectory();
            string flash = dir.File("board"), state = Path.Combine(flash, "board.json");
            Json("flash", "sim:sim-digits#96", "--arch", "64-1024-10", "--flash-dir", flash);   // a slow model: 65,536 samples take half a minute
            Assert.False(File.Exists(state));
            using Process train = Start(null, "train", "sim:sim-digits#96", "--epochs", "100000", "--flash-dir", flash);
            var seen = new List<long>();
            try
            {
                var watch = Stopwatch.StartNew();
                while (!File.Exists(state) && !train.HasExited && watch.Elapsed < TimeSpan.FromSeconds(30)) Thread.Sleep(50);
                Assert.True(File.Exists(state), "no wear on disk after 30 s of training");
                // for three seconds of training, the wear on disk must move about once a second
                for (watch.Restart(); watch.Elapsed < TimeSpan.FromSeconds(3); Thread.Sleep(50))
                    if (OperationsIn(state) is { } used && (seen.Count == 0 || used != seen[^1])) seen.Add(used);
            }
            finally
            {
                train.Kill();   // SIGKILL: nothing runs after this
                train.WaitForExit(10_000);
            }
            Assert.True(seen.Count >= 3, $"the wear on disk changed {seen.Count - 1} times in 3 s: {string.Join(", ", seen)}");
            Assert.True(OperationsIn(state) >= seen[^1]);
        }, TimeSpan.FromSeconds(60));
    }

    /// <summary>operations_used in a board's state file (null while it is being replaced).</summary>
    private static long? OperationsIn(string state)
    {
        try { return JsonDocument.Parse(File.ReadAllBytes(state)).RootElement.GetProperty("operations_used").GetInt64(); }
        catch (Exception e) when (e is IOException or JsonException) { return null; }
    }

    /// <summary>Flips a byte among a slot's weights: its magic stays, its CRC fails.</summary>
    private static void Damage(string slot)
    {
        byte[] bytes = File.ReadAllBytes(slot);
        bytes[bytes.Length / 2] ^= 0x5A;
        File.WriteAllBytes(slot, bytes);
    }
}
