using Edge.Host.Files;
using ScottPlot;

namespace Edge.Host.Plots;

/// <summary>One named curve of a plot: x and y values of equal length.</summary>
public sealed record Curve(string Name, double[] X, double[] Y);

/// <summary>Learning curves and transfer results as a PNG (ScottPlot), for `edge demo` and friends.</summary>
public static class LinePlot
{
    public static void SavePng(string path, string title, string xLabel, string yLabel, IEnumerable<Curve> curves,
                               int width = 900, int height = 520)
    {
        var plot = new Plot();
        foreach (Curve curve in curves)
        {
            if (curve.X.Length == 0) continue;
            var scatter = curve.X.Length == 1
                ? plot.Add.Scatter(curve.X, curve.Y)
                : plot.Add.ScatterLine(curve.X, curve.Y);
            scatter.LegendText = curve.Name;
            scatter.LineWidth = 2;
            scatter.MarkerSize = curve.X.Length == 1 ? 10 : 4;
        }
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.LowerRight);
        using Image image = plot.GetImage(width, height);
        OutputFile.Write(path, image.GetImageBytes(ImageFormat.Png, 100));
    }
}
