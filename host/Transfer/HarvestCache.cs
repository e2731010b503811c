using System.Buffers.Binary;
using System.Text;
using Edge.Core.Protocol;
using Edge.Host.Files;

namespace Edge.Host.Transfer;

/// <summary>
/// The harvest of a transfer: the old board's logits for each transfer stimulus, kept in a file as they arrive, so
/// a crash, a dead board or a damaged byte never loses what was already asked.
///
/// Layout (little-endian), format 2:
/// <code>
///   header, twice (two identical copies: one damaged copy loses nothing):
///     "EDGEHARV"  u16 version 2  u16 body length N  body (N bytes)  u32 CRC-32 of all before it in the copy
///     body: u16 classes, ascii data set name, u32 transfer count, u32 test count, 32 bytes SHA-256 of the set,
///           ascii board profile, u32 serial, u32 model generation, 32 bytes SHA-256 of its weights
///           (ascii = u16 length + bytes)
///   records, appended one by one, each:
///     "HREC"  u32 stimulus index  i32 × classes logits (Q15.16, as the board answered)  u32 CRC-32 of the record
/// </code>
/// Opening reads every record whose magic, CRC and index hold, wherever it is: a damaged stretch (a flipped byte,
/// a torn last write) is skipped by searching for the next record that checks out, and reported; nothing is ever
/// cut off the file, new records are appended after whatever is there. Each record is handed to the OS as it is
/// written (a crash of edge loses nothing) and synced to disk when the cache is closed.
/// </summary>
public sealed class HarvestCache : IDisposable
{
    public const ushort Version = 2;
    /// <summary>Cache indices of test-split records start here (transfer stimuli are 0..N−1).</summary>
    public const int TestIndexBase = 1 << 24;
    /// <summary>The longest header copy: names are cut to 255 bytes.</summary>
    private const int MaxHeaderCopy = 8 + 2 + 2 + 2 + (2 + 255) + 4 + 4 + 32 + (2 + 255) + 4 + 4 + 32 + 4;
    private const int MaxName = 255;
    private static readonly byte[] Magic = "EDGEHARV"u8.ToArray();
    private static readonly byte[] RecordMagic = "HREC"u8.ToArray();

    private readonly FileStream _file;
    private readonly Dictionary<int, int[]> _records = new();
    private readonly byte[] _record;
    private bool _appended;

    public string Path { get; }
    public HarvestHeader Header { get; }
    public int ClassCount => Header.ClassCount;

    /// <summary>The damaged stretches skipped when the file was opened (empty for a sound file).</summary>
    public IReadOnlyList<DamagedStretch> Damage { get; }

    /// <summary>Whether one of the two header copies was damaged (and was rewritten from the other).</summary>
    public bool RepairedHeader { get; }

    private HarvestCache(string path, FileStream file, HarvestHeader header, IReadOnlyList<DamagedStretch> damage, bool repaired)
    {
        Path = path;
        _file = file;
        Header = header;
        Damage = damage;
        RepairedHeader = repaired;
        _record = new byte[RecordLength(header.ClassCount)];
    }

    public static int RecordLength(int classCount) => 4 + 4 + 4 * classCount + 4;

    /// <summary>Whether <paramref name="path"/> holds nothing yet (no file, or an empty one): a cache is created there.</summary>
    public static bool IsNew(string path) => FileKinds.Of(path) == FileKind.Missing || (File.Exists(path) && new FileInfo(path).Length == 0);

    /// <summary>Creates a new cache at <paramref name="path"/> (which must be new) with <paramref name="header"/>, and opens it.</summary>
    public static HarvestCache Create(string path, HarvestHeader header)
    {
        if (header.ClassCount < 2 || header.ClassCount > 256) throw new ArgumentOutOfRangeException(nameof(header));
        if (!IsNew(path)) throw new IOException($"{path} already exists: a new harvest cache is never written over a file");
        byte[] copy = HeaderCopy(header);
        OutputFile.Write(path, stream => { stream.Write(copy); stream.Write(copy); });   // complete, or not there at all
        return Open(path);
    }

    /// <summary>Opens an existing cache: every record that checks out, whatever damage lies around it.</summary>
    /// <exception cref="InvalidDataException">Not a harvest cache, one of format 1, or both header copies damaged (one line naming the file).</exception>
    public static HarvestCache Open(string path)
    {
        byte[] bytes;
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (FileKinds.Of(path) == FileKind.Directory) throw new IOException($"{path} is a directory, not a harvest cache", e);
            throw new IOException($"cannot open harvest cache {path}: {e.Message}", e);
        }
        try
        {
            if (FileKinds.Of(path) != FileKind.Regular) throw new InvalidDataException($"{path} is not a regular file, so not a harvest cache");
            bytes = new byte[file.Length];   // the file's real size, not a size it claims
            file.ReadExactly(bytes);
            var (header, copyLength, repair) = ReadHeader(path, bytes);
            if (repair is { } damagedAt)
            {
                file.Position = damagedAt;
                file.Write(bytes, damagedAt == 0 ? copyLength : 0, copyLength);
                file.Flush(flushToDisk: true);
            }
            var damage = new List<DamagedStretch>();
            var cache = new HarvestCache(path, file, header, damage, repair != null);
            cache.ReadRecords(bytes, 2 * copyLength, damage);
            file.Position = file.Length;
            return cache;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public int Count => _records.Count;
    public bool Contains(int index) => _records.ContainsKey(index);
    public IReadOnlyDictionary<int, int[]> Records => _records;

    /// <summary>Bytes skipped as damage when the file was opened.</summary>
    public long DamagedBytes => Damage.Sum(d => d.Length);

    /// <summary>Appends one record and hands it to the OS before returning.</summary>
    public void Append(int index, int[] logits)
    {
        if (logits.Length < ClassCount) throw new ArgumentException("too few logits", nameof(logits));
        if (!Header.IsIndex(index)) throw new ArgumentOutOfRangeException(nameof(index), index, "not a stimulus of this transfer set");
        RecordMagic.CopyTo(_record, 0);
        BinaryPrimitives.WriteInt32LittleEndian(_record.AsSpan(4), index);
        for (int c = 0; c < ClassCount; c++) BinaryPrimitives.WriteInt32LittleEndian(_record.AsSpan(8 + 4 * c), logits[c]);
        BinaryPrimitives.WriteUInt32LittleEndian(_record.AsSpan(_record.Length - 4), Crc32.Compute(_record, 0, _record.Length - 4));
        _file.Write(_record);
        _file.Flush(flushToDisk: false);   // in the OS before we go on: a crash of edge loses nothing
        _appended = true;
        _records[index] = logits[..ClassCount];
    }

    public void Dispose()
    {
        if (_appended) _file.Flush(flushToDisk: true);
        _file.Dispose();
    }

    /// <summary>Every record that checks out from <paramref name="start"/> on; each stretch between them is damage.</summary>
    private void ReadRecords(byte[] bytes, int start, List<DamagedStretch> damage)
    {
        int length = _record.Length;
        long position = start, damagedFrom = -1;
        while (position < bytes.Length)
        {
            if (position + length <= bytes.Length && TryRecord(bytes, (int)position, out int index, out int[]? logits))
            {
                if (damagedFrom >= 0) damage.Add(new DamagedStretch(damagedFrom, position - damagedFrom));
                damagedFrom = -1;
                _records[index] = logits!;
                position += length;
                continue;
            }
            if (damagedFrom < 0) damagedFrom = position;
            position++;
        }
        if (damagedFrom >= 0) damage.Add(new DamagedStretch(damagedFrom, bytes.Length - damagedFrom));
    }

    private bool TryRecord(byte[] bytes, int at, out int index, out int[]? logits)
    {
        index = 0;
        logits = null;
        int length = _record.Length;
        if (!bytes.AsSpan(at, 4).SequenceEqual(RecordMagic)) return false;
        if (Crc32.Compute(bytes, at, length - 4) != BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + length - 4))) return false;
        index = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at + 4));
        if (!Header.IsIndex(index)) return false;
        logits = new int[ClassCount];
        for (int c = 0; c < ClassCount; c++) logits[c] = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at + 8 + 4 * c));
        return true;
    }

    /// <summary>
    /// The header from the first copy that checks out (searching for the second when the first is damaged), the
    /// length of one copy, and where a damaged copy lies that should be rewritten from the good one (or null).
    /// </summary>
    private static (HarvestHeader Header, int CopyLength, int? Repair) ReadHeader(string path, byte[] bytes)
    {
        if (bytes.Length >= 10 && bytes.AsSpan(0, 8).SequenceEqual(Magic) && BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)) == 1)
            throw new InvalidDataException($"{path} is a harvest cache of format 1, which does not record which board and model it came from: " +
                                           "harvest again into a new --cache file (keep this one until the new one is complete)");
        int limit = Math.Min(bytes.Length, 2 * MaxHeaderCopy);
        for (int at = 0; at + 8 <= limit; at++)
        {
            if (!bytes.AsSpan(at, 8).SequenceEqual(Magic)) continue;
            if (TryHeaderCopy(bytes, at) is not var (header, copyLength)) continue;
            if (at == 0)
            {
                bool secondSound = TryHeaderCopy(bytes, copyLength) is var (_, second) && second == copyLength
                                   && bytes.AsSpan(0, copyLength).SequenceEqual(bytes.AsSpan(copyLength, copyLength));
                return (header, copyLength, secondSound ? null : copyLength);
            }
            if (at == copyLength) return (header, copyLength, 0);   // the first copy is damaged, the second holds
        }
        throw new InvalidDataException($"{path} is not a harvest cache (no header copy checks out)");
    }

    private static (HarvestHeader, int)? TryHeaderCopy(byte[] bytes, int at)
    {
        if (at + 12 > bytes.Length || !bytes.AsSpan(at, 8).SequenceEqual(Magic)) return null;
        if (BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at + 8)) != Version) return null;
        int bodyLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at + 10));
        int copyLength = 12 + bodyLength + 4;
        if (copyLength > MaxHeaderCopy || at + copyLength > bytes.Length) return null;
        if (Crc32.Compute(bytes, at, copyLength - 4) != BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + copyLength - 4))) return null;
        var body = new BodyReader(bytes, at + 12, bodyLength);
        int classes = body.ReadUInt16();
        string? data = body.ReadAscii();
        int transfer = (int)body.ReadUInt32(), test = (int)body.ReadUInt32();
        byte[] setHash = new byte[32];
        bool setOk = body.ReadBytes(setHash, 0, 32);
        string? profile = body.ReadAscii();
        uint serial = body.ReadUInt32(), generation = body.ReadUInt32();
        byte[] weightsHash = new byte[32];
        bool weightsOk = body.ReadBytes(weightsHash, 0, 32);
        if (!setOk || !weightsOk || data == null || profile == null || !body.ExpectEnd()) return null;
        if (classes < 2 || classes > 256 || transfer < 0 || transfer >= TestIndexBase || test < 0 || test >= TestIndexBase) return null;
        var header = new HarvestHeader(classes, new HarvestSet(data, transfer, test, setHash), new HarvestBoard(profile, serial, generation, weightsHash));
        return (header, copyLength);
    }

    private static byte[] HeaderCopy(HarvestHeader header)
    {
        var body = new byte[MaxHeaderCopy];
        var writer = new BodyWriter(body);
        writer.WriteUInt16((ushort)header.ClassCount);
        writer.WriteAscii(Ascii(header.Set.DataName), MaxName);
        writer.WriteUInt32((uint)header.Set.TransferCount);
        writer.WriteUInt32((uint)header.Set.TestCount);
        writer.WriteBytes(header.Set.Fingerprint, 0, 32);
        writer.WriteAscii(Ascii(header.Board.Profile), MaxName);
        writer.WriteUInt32(header.Board.Serial);
        writer.WriteUInt32(header.Board.Generation);
        writer.WriteBytes(header.Board.WeightsHash, 0, 32);
        if (!writer.Ok) throw new InvalidOperationException("harvest header does not fit");
        var copy = new byte[12 + writer.Length + 4];
        Magic.CopyTo(copy, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(8), Version);
        BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(10), (ushort)writer.Length);
        Array.Copy(body, 0, copy, 12, writer.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(copy.Length - 4), Crc32.Compute(copy, 0, copy.Length - 4));
        return copy;
    }

    /// <summary>Printable ASCII only (a name goes into messages), cut to 255 bytes.</summary>
    private static string Ascii(string text)
    {
        var clean = new StringBuilder(Math.Min(text.Length, MaxName));
        foreach (char c in text)
        {
            if (clean.Length == MaxName) break;
            clean.Append(c is >= ' ' and <= '~' ? c : '_');
        }
        return clean.ToString();
    }
}

/// <summary>What a harvest cache answers for: its class count, transfer set and board.</summary>
public sealed record HarvestHeader(int ClassCount, HarvestSet Set, HarvestBoard Board)
{
    /// <summary>Whether <paramref name="index"/> names a stimulus of the set: a transfer stimulus or a test one.</summary>
    public bool IsIndex(int index) =>
        (index >= 0 && index < Set.TransferCount) || (index >= HarvestCache.TestIndexBase && index < HarvestCache.TestIndexBase + Set.TestCount);
}

/// <summary>A stretch of a harvest cache that holds no record that checks out: where it starts, how many bytes.</summary>
public readonly record struct DamagedStretch(long Offset, long Length);
