using ScottPlot;

namespace Edge.Host.Plots;

/// <summary>One panel of a figure: a title and its axes' labels.</summary>
public abstract record Panel(string Title, string XLabel, string YLabel);

/// <summary>Curves over x; with <paramref name="LogX"/> the x axis is logarithmic (base 2), ticked at the curves' x values.</summary>
public sealed record LinePanel(string Title, string XLabel, string YLabel, IReadOnlyList<Curve> Curves, bool LogX = false)
    : Panel(Title, XLabel, YLabel);

/// <summary>One value per group of a bar panel, drawn in one colour.</summary>
public sealed record BarSeries(string Name, double[] Values);

/// <summary>Grouped bars: one group per label on the x axis, one bar per series in each group.</summary>
public sealed record BarPanel(string Title, string XLabel, string YLabel, string[] Groups, IReadOnlyList<BarSeries> Series)
    : Panel(Title, XLabel, YLabel);

/// <summary>A figure of panels side by side as a PNG (ScottPlot), for `edge bench seed`.</summary>
public static class PanelPlot
{
    public static void SavePng(string path, IReadOnlyList<Panel> panels, int panelWidth = 640, int height = 480)
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
            if (curve.X.Length == 0) continue;
            double[] x = panel.LogX ? curve.X.Select(Math.Log2).ToArray() : curve.X;
            var scatter = curve.X.Length == 1 ? plot.Add.Scatter(x, curve.Y) : plot.Add.ScatterLine(x, curve.Y);
            scatter.LegendText = curve.Name;
            scatter.LineWidth = 2;
            scatter.MarkerSize = 6;
        }
        if (panel.LogX)
        {
            double[] ticks = panel.Curves.SelectMany(c => c.X).Distinct().Order().ToArray();
            plot.Axes.Bottom.SetTicks(ticks.Select(Math.Log2).ToArray(), ticks.Select(Label).ToArray());
        }
        plot.ShowLegend(Alignment.LowerRight);
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
                    Label = value.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture),
                });
            }
            plot.Add.Bars(bars);
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = panel.Series[s].Name, FillColor = color });
        }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, panel.Groups.Length).Select(g => (double)g).ToArray(), panel.Groups);
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Alignment.LowerRight);
    }

    private static string Label(double value) => value.ToString("G4", System.Globalization.CultureInfo.InvariantCulture);
}
