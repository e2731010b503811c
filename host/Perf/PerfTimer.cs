using System.Diagnostics;

namespace Edge.Host.Perf;

/// <summary>
/// Times a short operation: warms it up (so the JIT's final tier runs), picks a repetition count
/// that makes one run last at least <c>runSeconds</c>, then reports the median time per call over
/// several runs. The median shrugs off a run disturbed by other work on the machine.
/// </summary>
public static class PerfTimer
{
    public static double SecondsPerCall(Action call, double runSeconds = 0.1, int runs = 3)
    {
        // Warm-up: enough calls for tiered compilation to promote the hot loop, at least 0.05 s.
        long iterations = 1;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < 0.05 || iterations < 200)
        {
            call();
            iterations++;
        }
        double estimate = watch.Elapsed.TotalSeconds / iterations;
        long perRun = Math.Max(1, (long)Math.Ceiling(runSeconds / Math.Max(estimate, 1e-9)));

        var times = new double[Math.Max(1, runs)];
        for (int r = 0; r < times.Length; r++)
        {
            watch.Restart();
            for (long i = 0; i < perRun; i++) call();
            times[r] = watch.Elapsed.TotalSeconds / perRun;
        }
        Array.Sort(times);
        return times[times.Length / 2];
    }

    /// <summary>The 1-minute load average (Linux), or null elsewhere: it tells how quiet the machine was.</summary>
    public static double? LoadAverage()
    {
        try
        {
            string text = File.ReadAllText("/proc/loadavg");
            return double.Parse(text.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}
