using System.Diagnostics;

namespace Edge.Host.Perf;

/// <summary>Seconds per call of a timed operation: the median and the best of many short runs.</summary>
public readonly record struct Timing(double Median, double Best);

/// <summary>
/// Times a short operation: warms it up (long enough for tiered compilation to install the
/// optimised code), then runs it in many short runs (about 2 ms each, so that most of them fit in
/// one scheduler slice even when other processes share the cores) for a total of at least
/// <c>seconds</c>, and reports the median and the best time per call over those runs.
/// </summary>
public static class PerfTimer
{
    private const double ShortRunSeconds = 0.002;

    public static Timing Measure(Action call, double seconds = 0.3, double warmupSeconds = 0.25)
    {
        warmupSeconds = Math.Min(warmupSeconds, seconds);   // a quick look (tests) needs no long warm-up
        long iterations = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < warmupSeconds || iterations < 100)
        {
            call();
            iterations++;
        }
        double estimate = watch.Elapsed.TotalSeconds / iterations;
        long perRun = Math.Max(1, (long)(ShortRunSeconds / Math.Max(estimate, 1e-9)));

        var times = new List<double>();
        var total = Stopwatch.StartNew();
        while (total.Elapsed.TotalSeconds < seconds || times.Count < 5)
        {
            watch.Restart();
            for (long i = 0; i < perRun; i++) call();
            times.Add(watch.Elapsed.TotalSeconds / perRun);
        }
        times.Sort();
        return new Timing(times[times.Count / 2], times[0]);
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
