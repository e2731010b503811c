using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using Edge.Tests.Data;
using Edge.Tests.Transport;

namespace Edge.Tests.Files;

/// <summary>A fact that measures a child process's peak memory with GNU time (Debian package "time"); skipped without it.</summary>
public sealed class NeedsGnuTimeFactAttribute : FactAttribute
{
    public const string GnuTime = "/usr/bin/time";

    public NeedsGnuTimeFactAttribute()
    {
        if (!File.Exists(GnuTime)) Skip = "GNU time is not installed (apt-get install time): peak memory not measured";
    }
}

/// <summary>
/// Issue 17, case 8 and its memory bar: sizes read from untrusted files are checked before anything is allocated,
/// so no command needs more than 2 × its input files plus 200 MB on malformed input. edge runs as a child process
/// under that bound as its GC heap limit (an allocation beyond it fails) and GNU time measures its peak RSS.
/// </summary>
public sealed class MalformedInputMemoryTests
{
    private const long Slack = 200L << 20;

    [NeedsGnuTimeFact]
    public void WeightsPut_OfAnEndlessDevice_IsRefusedWithinTheBound()
    {
        using var dir = new TempDirectory();
        var (code, stderr, peak) = RunMeasured(dir, Slack, "weights", "put", "sim:sim-digits#1", "/dev/zero", "--flash-dir", dir.File("board"));
        Assert.Equal(1, code);
        Assert.StartsWith("edge: /dev/zero is not a weights file: it holds more than", stderr);
        Assert.True(peak <= Slack, $"peak RSS {peak >> 20} MB");
    }

    [NeedsGnuTimeFact]
    public void AnIdxHeaderClaimingTwoMillionImages_IsRefusedWithinTheBound()
    {
        using var dir = new TempDirectory();
        WriteIdx(dir.File("train-images-idx3-ubyte"), 0x803, [2_000_000, 28, 28], 1_000_000);
        WriteIdx(dir.File("train-labels-idx1-ubyte"), 0x801, [10], 10);
        WriteIdx(dir.File("t10k-images-idx3-ubyte"), 0x803, [10, 28, 28], 7840);
        WriteIdx(dir.File("t10k-labels-idx1-ubyte"), 0x801, [10], 10);
        long inputs = Directory.GetFiles(dir.Path).Sum(f => new FileInfo(f).Length);
        long bound = 2 * inputs + Slack;

        var (code, stderr, peak) = RunMeasured(dir, bound, "bench", "learn", "--data", "fashion14", "--data-dir", dir.Path);
        Assert.Equal(1, code);
        Assert.Contains("train-images-idx3-ubyte: truncated IDX file, 1000000 of 1568000000 data bytes", stderr);
        Assert.DoesNotContain("internal error", stderr);
        Assert.True(peak <= bound, $"peak RSS {peak >> 20} MB, bound {bound >> 20} MB");
    }

    private static void WriteIdx(string path, int magic, int[] dims, int dataBytes)
    {
        var bytes = new byte[4 + 4 * dims.Length + dataBytes];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (int d = 0; d < dims.Length; d++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), dims[d]);
        bytes.AsSpan(4 + 4 * dims.Length).Fill(1);
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>edge ARGS with its GC heap capped at <paramref name="bound"/>; exit code, stderr and peak RSS in bytes.</summary>
    private static (int Code, string Stderr, long PeakBytes) RunMeasured(TempDirectory dir, long bound, params string[] args)
    {
        string rss = dir.File("rss.txt");
        var start = new ProcessStartInfo(NeedsGnuTimeFactAttribute.GnuTime) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in (string[])["-f", "%M", "-o", rss, "dotnet", "exec", Path.Combine(AppContext.BaseDirectory, "edge.dll"), .. args])
            start.ArgumentList.Add(a);
        start.Environment.Remove("EDGE_DEBUG");
        start.Environment["EDGE_HOME"] = dir.File("home");
        start.Environment["DOTNET_GCHeapHardLimit"] = "0x" + bound.ToString("X", CultureInfo.InvariantCulture);
        using Process edge = Process.Start(start)!;
        Task<string> stderr = edge.StandardError.ReadToEndAsync();
        edge.StandardOutput.ReadToEnd();
        if (!edge.WaitForExit(60_000)) { edge.Kill(); Assert.Fail("edge did not finish within 60 s"); }
        long peakKb = long.Parse(File.ReadAllLines(rss).Last(l => l.Trim().Length > 0).Trim(), CultureInfo.InvariantCulture);
        return (edge.ExitCode, stderr.Result, peakKb * 1024);
    }
}
