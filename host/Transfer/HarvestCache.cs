using System.Buffers.Binary;
using System.Text;
using Edge.Core.Protocol;

namespace Edge.Host.Transfer;

/// <summary>
/// The harvest of a transfer: the old board's logits for each transfer stimulus, kept in a file as
/// they arrive, so a crash or a dead board never loses what was already asked.
///
/// Layout (little-endian): a header — "EDGEHARV", u16 version, u16 class count, u32 fingerprint of
/// the transfer set, u32 CRC-32 of the header — then records appended one by one, each: u32 stimulus
/// index, i32 × classes logits (Q15.16, as the board answered), u32 CRC-32 of the record. Each
/// record is handed to the OS as it is written (a crash of edge loses nothing), and synced to disk
/// when the cache is closed. On opening, records are read up to the first one that is
/// torn or fails its CRC; the file is cut back to the last good record before anything is appended.
/// </summary>
public sealed class HarvestCache : IDisposable
{
    public const ushort Version = 1;
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("EDGEHARV");
    private const int HeaderLength = 8 + 2 + 2 + 4 + 4;

    private readonly FileStream _file;
    private readonly Dictionary<int, int[]> _records = new();
    private readonly byte[] _record;

    public string Path { get; }
    public int ClassCount { get; }
    /// <summary>Records dropped at the tail when the file was opened (a torn last write).</summary>
    public int DiscardedTailBytes { get; }

    private HarvestCache(string path, FileStream file, int classCount, int discarded)
    {
        Path = path;
        _file = file;
        ClassCount = classCount;
        DiscardedTailBytes = discarded;
        _record = new byte[RecordLength(classCount)];
    }

    public static int RecordLength(int classCount) => 4 + 4 * classCount + 4;

    /// <summary>Opens (or creates) the cache for a transfer set; a cache of another set or class count is an error.</summary>
    public static HarvestCache Open(string path, uint fingerprint, int classCount)
    {
        if (classCount < 2 || classCount > 256) throw new ArgumentOutOfRangeException(nameof(classCount));
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            if (file.Length < HeaderLength)
            {
                // new (or torn before its header was complete): start over
                file.SetLength(0);
                file.Write(Header(fingerprint, classCount));
                file.Flush(flushToDisk: true);
                return new HarvestCache(path, file, classCount, 0);
            }
            var header = new byte[HeaderLength];
            file.ReadExactly(header);
            CheckHeader(path, header, fingerprint, classCount);
            var cache = ReadRecords(path, file, classCount);
            return cache;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static HarvestCache ReadRecords(string path, FileStream file, int classCount)
    {
        int length = RecordLength(classCount);
        var buffer = new byte[length];
        var records = new Dictionary<int, int[]>();
        long good = HeaderLength;
        while (true)
        {
            int read = file.ReadAtLeast(buffer, length, throwOnEndOfStream: false);
            if (read < length) break;
            uint crc = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(length - 4));
            if (Crc32.Compute(buffer, 0, length - 4) != crc) break;
            int index = BinaryPrimitives.ReadInt32LittleEndian(buffer);
            var logits = new int[classCount];
            for (int c = 0; c < classCount; c++) logits[c] = BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(4 + 4 * c));
            records[index] = logits;
            good += length;
        }
        int discarded = (int)(file.Length - good);
        if (discarded > 0)
        {
            file.SetLength(good);
            file.Flush(flushToDisk: true);
        }
        file.Position = good;
        var cache = new HarvestCache(path, file, classCount, discarded);
        foreach (var (index, logits) in records) cache._records[index] = logits;
        return cache;
    }

    private static byte[] Header(uint fingerprint, int classCount)
    {
        var header = new byte[HeaderLength];
        Magic.CopyTo(header, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), Version);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(10), (ushort)classCount);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(12), fingerprint);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), Crc32.Compute(header, 0, 16));
        return header;
    }

    private static void CheckHeader(string path, byte[] header, uint fingerprint, int classCount)
    {
        if (!header.AsSpan(0, 8).SequenceEqual(Magic) || Crc32.Compute(header, 0, 16) != BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(16)))
            throw new InvalidDataException($"{path} is not a harvest cache (bad magic or header checksum)");
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(8));
        if (version != Version) throw new InvalidDataException($"{path} is a harvest cache of version {version}; this edge reads version {Version}");
        int classes = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(10));
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(12));
        if (classes != classCount || stored != fingerprint)
            throw new InvalidDataException($"{path} holds the harvest of another transfer set ({classes} classes, fingerprint {stored:x8}; this one: {classCount} classes, {fingerprint:x8}): use another --cache file");
    }

    public int Count => _records.Count;
    public bool Contains(int index) => _records.ContainsKey(index);
    public IReadOnlyDictionary<int, int[]> Records => _records;

    /// <summary>Appends one record and flushes it to disk before returning.</summary>
    public void Append(int index, int[] logits)
    {
        if (logits.Length < ClassCount) throw new ArgumentException("too few logits", nameof(logits));
        BinaryPrimitives.WriteInt32LittleEndian(_record, index);
        for (int c = 0; c < ClassCount; c++) BinaryPrimitives.WriteInt32LittleEndian(_record.AsSpan(4 + 4 * c), logits[c]);
        BinaryPrimitives.WriteUInt32LittleEndian(_record.AsSpan(_record.Length - 4), Crc32.Compute(_record, 0, _record.Length - 4));
        _file.Write(_record);
        _file.Flush(flushToDisk: false);   // in the OS before we go on: a crash of edge loses nothing
        _records[index] = logits[..ClassCount];
    }

    /// <summary>A fingerprint of a transfer set: CRC-32 over its size and features.</summary>
    public static uint Fingerprint(float[][] stimuli)
    {
        uint crc = Crc32.Initial;
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, stimuli.Length);
        crc = Crc32.Update(crc, bytes, 0, 4);
        foreach (float[] s in stimuli)
            foreach (float v in s)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes, v);
                crc = Crc32.Update(crc, bytes, 0, 4);
            }
        return crc;
    }

    public void Dispose()
    {
        _file.Flush(flushToDisk: true);
        _file.Dispose();
    }
}
