using System.Buffers.Binary;
using System.IO.Compression;
using Edge.Host.Files;

namespace Edge.Host.Data;

/// <summary>
/// Reader of the IDX format of (Fashion-)MNIST, plain or gzip-compressed (by a ".gz" name):
/// a big-endian header — magic 0x00000801 (labels, 1 dimension) or 0x00000803 (images, 3
/// dimensions), then each dimension as uint32 — followed by exactly the unsigned bytes the
/// dimensions promise. Anything else (bad magic, truncation, trailing bytes) is a <see cref="DataException"/>
/// naming the file.
/// </summary>
public static class IdxFile
{
    public const int LabelMagic = 0x00000801;
    public const int ImageMagic = 0x00000803;
    private const int InitialReadBytes = 1 << 24;

    /// <summary>Images as one contiguous row-major byte array: image i starts at i * rows * cols.</summary>
    public readonly record struct Images(int Count, int Rows, int Columns, byte[] Pixels);

    public static byte[] ReadLabels(string path) => Read(path, LabelMagic, 1).Data;

    public static Images ReadImages(string path)
    {
        var (dims, data) = Read(path, ImageMagic, 3);
        return new Images(dims[0], dims[1], dims[2], data);
    }

    private static (int[] Dims, byte[] Data) Read(string path, int expectedMagic, int dimensionCount)
    {
        string file = Path.GetFileName(path);
        try
        {
            using FileStream fileStream = InputFile.Open(path, "IDX file");
            bool compressed = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
            using Stream stream = compressed ? new GZipStream(fileStream, CompressionMode.Decompress) : fileStream;

            Span<byte> header = stackalloc byte[4 + 4 * 3];
            int headerLength = 4 + 4 * dimensionCount;
            if (ReadFully(stream, header[..4]) < 4)
                throw new DataException($"{path}: truncated IDX header");
            int magic = BinaryPrimitives.ReadInt32BigEndian(header);
            if (magic != expectedMagic)
                throw new DataException(
                    $"{path}: bad IDX magic 0x{magic:X8}, expected 0x{expectedMagic:X8} ({(expectedMagic == ImageMagic ? "images" : "labels")})");
            if (ReadFully(stream, header[4..headerLength]) < headerLength - 4)
                throw new DataException($"{path}: truncated IDX header");

            var dims = new int[dimensionCount];
            long size = 1;
            for (int d = 0; d < dimensionCount; d++)
            {
                uint dim = BinaryPrimitives.ReadUInt32BigEndian(header[(4 + 4 * d)..]);
                if (dim == 0 || dim > int.MaxValue)
                    throw new DataException($"{path}: IDX dimension {d} is {dim}");
                dims[d] = (int)dim;
                size *= dim;
                if (size > Array.MaxLength)
                    throw new DataException($"{path}: IDX payload of more than {Array.MaxLength} bytes");
            }

            // The header's size is a claim: a plain file must hold it; a compressed one is read in growing steps.
            if (!compressed && FileKinds.Of(path) == FileKind.Regular && size > fileStream.Length - headerLength)
                throw new DataException($"{path}: truncated IDX file, {Math.Max(0, fileStream.Length - headerLength)} of {size} data bytes");
            byte[] data = ReadClaimed(stream, size, out long got);
            if (got < size)
                throw new DataException($"{path}: truncated IDX file, {got} of {size} data bytes");
            if (stream.ReadByte() >= 0)
                throw new DataException($"{path}: IDX file longer than its header's {string.Join('x', dims)} bytes");
            return (dims, data);
        }
        catch (InvalidDataException e)
        {
            throw new DataException($"{path}: corrupt gzip stream ({e.Message})", e);
        }
        catch (IOException e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DataException($"{file} not found: {path}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataException(e.Message.Contains(path) ? e.Message : $"{path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Up to <paramref name="size"/> bytes into an array that grows with what really arrives (at most twice it),
    /// never to the claimed size before the bytes are there.
    /// </summary>
    private static byte[] ReadClaimed(Stream stream, long size, out long got)
    {
        var data = new byte[Math.Min(size, InitialReadBytes)];
        got = 0;
        while (true)
        {
            int n = ReadFully(stream, data.AsSpan((int)got));
            got += n;
            if (got < data.Length || data.Length == size) return data;
            Array.Resize(ref data, (int)Math.Min(size, 2L * data.Length));
        }
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; returns the byte count.</summary>
    private static int ReadFully(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}
