using System.Buffers.Binary;
using System.IO.Compression;

namespace Edge.Tests.Data;

/// <summary>Writes IDX files (optionally gzip-compressed) for tests, with a chosen magic and dimensions.</summary>
internal static class IdxWriter
{
    public static byte[] Bytes(int magic, int[] dims, byte[] data)
    {
        var bytes = new byte[4 + 4 * dims.Length + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (int d = 0; d < dims.Length; d++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), dims[d]);
        data.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    public static void Write(string path, byte[] bytes)
    {
        if (path.EndsWith(".gz", StringComparison.Ordinal))
        {
            using var file = File.Create(path);
            using var gzip = new GZipStream(file, CompressionLevel.Fastest);
            gzip.Write(bytes);
        }
        else
        {
            File.WriteAllBytes(path, bytes);
        }
    }

    public static void WriteImages(string path, int count, int rows, int cols, byte[] pixels) =>
        Write(path, Bytes(0x803, new[] { count, rows, cols }, pixels));

    public static void WriteLabels(string path, byte[] labels) =>
        Write(path, Bytes(0x801, new[] { labels.Length }, labels));
}
