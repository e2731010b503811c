using System.Globalization;
using ScottPlot;

namespace Edge.Host.Plots;

/// <summary>One panel of a figure: a title and its axes' labels.</summary>
public abstract record Panel(string Title, string XLabel, string YLabel);

/// <summary>
/// Curves over x. An x axis is ticked at the curves' x values when they are few, a
/// logarithmic y axis (<paramref name="LogY"/>) and a crowded x axis at 1, 2 and 5 times powers of ten; points that are not
/// positive cannot be drawn on a logarithmic axis and are left out.
/// </summary>
public sealed record LinePanel(string Title, string XLabel, string YLabel, IReadOnlyList<Curve> Curves, bool LogX = false, bool LogY = false)
    : Panel(Title, XLabel, YLabel);

/// <summary>One value per group of a bar panel, drawn in one colour; a value that is not finite draws no bar.</summary>
public sealed record BarSeries(string Name, double[] Values);

/// <summary>Grouped bars: one group per label on the x axis, one bar per series in each group, its value on top.</summary>
public sealed record BarPanel(string Title, string XLabel, string YLabel, string[] Groups, IReadOnlyList<BarSeries> Series)
    : Panel(Title, XLabel, YLabel);

/// <summary>A figure of panels side by side as a PNG (ScottPlot), each with its legend below it, for `edge bench seed`.</summary>
public static class PanelPlot
{
    /// <summary>At most this many distinct values of a logarithmic axis are ticked one by one.</summary>
    private const int MaxValueTicks = 12;

    public static void SavePng(string path, IReadOnlyList<Panel> panels, int panelWidth = 640, int height = 560)
    {
        if (panels.Count == 0) throw new ArgumentException("a figure needs at least one panel", nameof(panels));
        var multiplot = new Multiplot();
        while (multiplot.Count() < panels.Count) multiplot.AddPlot();
        for (int i = 0; i < panels.Count; i++)
        {
            Panel panel = panels[i];
            Plot plot = multiplot.GetPlot(i);
            switch (panel)
            {
                case LinePanel lines: DrawLines(plot, lines); break;
                case BarPanel bars: DrawBars(plot, bars); break;
                default: throw new ArgumentException($"unknown panel {panel.GetType().Name}", nameof(panels));
            }
            plot.Title(panel.Title);
            plot.XLabel(panel.XLabel);
            plot.YLabel(panel.YLabel);
            plot.ShowLegend(ScottPlot.Edge.Bottom);   // below the data: it never hides a curve or a bar
        }
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir != null) Directory.CreateDirectory(dir);
        multiplot.SavePng(path, panelWidth * panels.Count, height);
    }

    private static void DrawLines(Plot plot, LinePanel panel)
    {
        foreach (Curve curve in panel.Curves)
        {
            int[] drawn = Enumerable.Range(0, curve.X.Length)
                .Where(i => (!panel.LogX || curve.X[i] > 0) && (!panel.LogY || curve.Y[i] > 0) && double.IsFinite(curve.Y[i])).ToArray();
            if (drawn.Length == 0) continue;
            double[] x = drawn.Select(i => panel.LogX ? Math.Log10(curve.X[i]) : curve.X[i]).ToArray();
            double[] y = drawn.Select(i => panel.LogY ? Math.Log10(curve.Y[i]) : curve.Y[i]).ToArray();
            var scatter = x.Length == 1 ? plot.Add.Scatter(x, y) : plot.Add.ScatterLine(x, y);
            scatter.LegendText = curve.Name;
            scatter.LineWidth = 2;
            scatter.MarkerSize = x.Length > 50 ? 0 : 6;
        }
        if (panel.LogX) LogTicks(plot.Axes.Bottom, panel.Curves.SelectMany(c => c.X), atValues: true);
        else if (panel.Curves.SelectMany(c => c.X).Distinct().Order().ToArray() is { Length: > 0 and <= MaxValueTicks } xs)
            plot.Axes.Bottom.SetTicks(xs, xs.Select(Label).ToArray());   // few x values (widths, depths): tick each
        if (panel.LogY) LogTicks(plot.Axes.Left, panel.Curves.SelectMany(c => c.Y), atValues: false);
    }

    /// <summary>
    /// Ticks of a log10 axis: the values themselves when they are few and <paramref name="atValues"/>, else 1, 2 and 5 times
    /// the powers of ten they span.
    /// </summary>
    private static void LogTicks(IAxis axis, IEnumerable<double> values, bool atValues)
    {
        double[] positive = values.Where(v => v > 0 && double.IsFinite(v)).Distinct().Order().ToArray();
        if (positive.Length == 0) return;
        double[] ticks = atValues && positive.Length <= MaxValueTicks
            ? positive
            : Enumerable.Range((int)Math.Floor(Math.Log10(positive[0])), (int)Math.Ceiling(Math.Log10(positive[^1])) - (int)Math.Floor(Math.Log10(positive[0])) + 1)
                .SelectMany(k => new[] { 1, 2, 5 }.Select(m => m * Math.Pow(10, k)))
                .Where(t => t >= positive[0] / 1.5 && t <= positive[^1] * 1.5).ToArray();
        axis.SetTicks(ticks.Select(Math.Log10).ToArray(), ticks.Select(Label).ToArray());
    }

    private static void DrawBars(Plot plot, BarPanel panel)
    {
        int series = panel.Series.Count;
        double width = 0.8 / Math.Max(1, series);
        for (int s = 0; s < series; s++)
        {
            Color color = plot.Add.Palette.GetColor(s);
            var bars = new List<Bar>();
            for (int g = 0; g < panel.Groups.Length; g++)
            {
                double value = panel.Series[s].Values[g];
                if (!double.IsFinite(value)) continue;   // no bar: this series has no value in this group
                bars.Add(new Bar
                {
                    Position = g - 0.4 + width * (s + 0.5),
                    Value = value,
                    Size = width * 0.9,
                    FillColor = color,
                    Label = value.ToString("0.#", CultureInfo.InvariantCulture),
                });
            }
            plot.Add.Bars(bars);
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = panel.Series[s].Name, FillColor = color });
        }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, panel.Groups.Length).Select(g => (double)g).ToArray(), panel.Groups);
        plot.Axes.Margins(bottom: 0);
        plot.Axes.SetLimitsX(-0.5, panel.Groups.Length - 0.5);   // every group, even one whose only bar sits left of its tick
    }

    /// <summary>A tick label: 0.003125, 25, 10k, 1M.</summary>
    private static string Label(double value) =>
        value >= 1e6 ? (value / 1e6).ToString("G4", CultureInfo.InvariantCulture) + "M"
        : value >= 1e4 ? (value / 1e3).ToString("G4", CultureInfo.InvariantCulture) + "k"
        : value.ToString("G4", CultureInfo.InvariantCulture);
}
