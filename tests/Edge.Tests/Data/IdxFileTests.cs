using Edge.Host.Data;
using Xunit;

namespace Edge.Tests.Data;

public class IdxFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static byte[] Ramp(int length)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++) bytes[i] = (byte)(i * 7);
        return bytes;
    }

    [Theory]
    [InlineData("images-idx3-ubyte")]
    [InlineData("images-idx3-ubyte.gz")]
    public void Reads_images_plain_and_gzipped(string name)
    {
        byte[] pixels = Ramp(2 * 3 * 4);
        IdxWriter.WriteImages(_dir.File(name), 2, 3, 4, pixels);

        IdxFile.Images images = IdxFile.ReadImages(_dir.File(name));

        Assert.Equal((2, 3, 4), (images.Count, images.Rows, images.Columns));
        Assert.Equal(pixels, images.Pixels);
    }

    [Fact]
    public void Reads_labels()
    {
        IdxWriter.WriteLabels(_dir.File("labels.gz"), new byte[] { 3, 1, 4, 1, 5 });
        Assert.Equal(new byte[] { 3, 1, 4, 1, 5 }, IdxFile.ReadLabels(_dir.File("labels.gz")));
    }

    [Fact]
    public void Bad_magic_is_a_clear_error_naming_the_file()
    {
        string path = _dir.File("labels-idx1-ubyte.gz");
        IdxWriter.WriteImages(path, 1, 2, 2, new byte[4]); // an image file where labels are expected

        var e = Assert.Throws<DataException>(() => IdxFile.ReadLabels(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("magic 0x00000803", e.Message);
        Assert.Contains("expected 0x00000801", e.Message);
    }

    [Theory]
    [InlineData("short-idx3-ubyte")]
    [InlineData("short-idx3-ubyte.gz")]
    public void Truncated_data_is_a_clear_error_naming_the_file(string name)
    {
        string path = _dir.File(name);
        byte[] whole = IdxWriter.Bytes(0x803, new[] { 2, 3, 4 }, Ramp(24));
        IdxWriter.Write(path, whole[..^5]);

        var e = Assert.Throws<DataException>(() => IdxFile.ReadImages(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("19 of 24", e.Message);
    }

    [Fact]
    public void Truncated_header_is_a_clear_error()
    {
        string path = _dir.File("tiny-idx3-ubyte");
        IdxWriter.Write(path, IdxWriter.Bytes(0x803, new[] { 2, 3, 4 }, Array.Empty<byte>())[..10]);

        var e = Assert.Throws<DataException>(() => IdxFile.ReadImages(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("truncated IDX header", e.Message);
    }

    [Fact]
    public void Trailing_bytes_are_an_error()
    {
        string path = _dir.File("long-idx1-ubyte");
        IdxWriter.Write(path, IdxWriter.Bytes(0x801, new[] { 3 }, new byte[] { 1, 2, 3, 4 }));

        var e = Assert.Throws<DataException>(() => IdxFile.ReadLabels(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("longer", e.Message);
    }

    [Fact]
    public void Corrupt_gzip_is_an_error_naming_the_file()
    {
        string path = _dir.File("garbage-idx1-ubyte.gz");
        File.WriteAllBytes(path, new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff });

        var e = Assert.Throws<DataException>(() => IdxFile.ReadLabels(path));

        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Missing_file_is_an_error_naming_it()
    {
        string path = _dir.File("nothing-idx1-ubyte");
        var e = Assert.Throws<DataException>(() => IdxFile.ReadLabels(path));
        Assert.Contains(path, e.Message);
    }
}
