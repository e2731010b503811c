using Edge.Host.Plots;

namespace Edge.Tests.Plots;

public class LinePlotTests
{
    [Fact]
    public void WritesAPngWithTheCurves()
    {
        string path = Path.Combine(Path.GetTempPath(), $"edge-plot-{Guid.NewGuid():N}.png");
        try
        {
            LinePlot.SavePng(path, "learning", "epoch", "test accuracy %", new[]
            {
                new Curve("board A", new double[] { 1, 2, 3 }, new double[] { 80, 90, 95 }),
                new Curve("naive copy", new double[] { 3 }, new double[] { 70 }),
            }, 400, 300);
            byte[] bytes = File.ReadAllBytes(path);
            Assert.True(bytes.Length > 1000);
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
            // IHDR width and height, big-endian
            Assert.Equal(400, (bytes[16] << 24) | (bytes[17] << 16) | (bytes[18] << 8) | bytes[19]);
            Assert.Equal(300, (bytes[20] << 24) | (bytes[21] << 16) | (bytes[22] << 8) | bytes[23]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
