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
        long perRun = CallsPerRun(watch.Elapsed.TotalSeconds / iterations);

        var times = new List<double>();
        var total = Stopwatch.StartNew();
        while (total.Elapsed.TotalSeconds < seconds || times.Count < 5)
        {
            watch.Restart();
            for (long i = 0; i < perRun; i++) call();
            times.Add(watch.Elapsed.TotalSeconds / perRun);
        }
        return Summarise(times);
    }

    /// <summary>
    /// Times two operations in alternating short runs (warm-up for both first), so both see the same
    /// state of a shared machine: the per-round ratio second / first is immune to slow drifts (another
    /// job, the clock) that would skew a ratio of two figures taken one after the other. Returns each
    /// one's timing and the median of the per-round ratios.
    /// </summary>
    public static (Timing First, Timing Second, double MedianRatio) MeasurePair(Action first, Action second, double seconds = 0.3, double warmupSeconds = 0.25)
    {
        warmupSeconds = Math.Min(warmupSeconds, seconds);
        var watch = Stopwatch.StartNew();
        long iterations = 0;
        double timeFirst = 0, timeSecond = 0;
        while (watch.Elapsed.TotalSeconds < 2 * warmupSeconds || iterations < 100)
        {
            var w = Stopwatch.StartNew();
            for (int i = 0; i < 10; i++) first();
            timeFirst += w.Elapsed.TotalSeconds;
            w.Restart();
            for (int i = 0; i < 10; i++) second();
            timeSecond += w.Elapsed.TotalSeconds;
            iterations += 10;
        }
        long perRunFirst = CallsPerRun(timeFirst / iterations);
        long perRunSecond = CallsPerRun(timeSecond / iterations);

        var firstTimes = new List<double>();
        var secondTimes = new List<double>();
        var ratios = new List<double>();
        var total = Stopwatch.StartNew();
        while (total.Elapsed.TotalSeconds < 2 * seconds || ratios.Count < 5)
        {
            watch.Restart();
            for (long i = 0; i < perRunFirst; i++) first();
            double a = watch.Elapsed.TotalSeconds / perRunFirst;
            watch.Restart();
            for (long i = 0; i < perRunSecond; i++) second();
            double b = watch.Elapsed.TotalSeconds / perRunSecond;
            firstTimes.Add(a);
            secondTimes.Add(b);
            ratios.Add(b / a);
        }
        return (Summarise(firstTimes), Summarise(secondTimes), Median(ratios));
    }

    /// <summary>Calls that fill one short run, for an estimated time per call.</summary>
    private static long CallsPerRun(double secondsPerCall) => Math.Max(1, (long)(ShortRunSeconds / Math.Max(secondsPerCall, 1e-9)));

    private static Timing Summarise(List<double> times)
    {
        double best = double.MaxValue;
        foreach (double t in times) best = Math.Min(best, t);
        return new Timing(Median(times), best);
    }

    private static double Median(List<double> values)
    {
        var sorted = new List<double>(values);
        sorted.Sort();
        return sorted[sorted.Count / 2];
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
