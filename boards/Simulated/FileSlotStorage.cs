using Edge.Core.Hardware;

namespace Edge.Boards.Simulated;

/// <summary>
/// A simulated board's flash: one file per slot (<c>slot0.bin</c>, <c>slot1.bin</c>, …) in the board's flash
/// directory, so a model survives between <c>edge</c> commands. A slot holds as many bytes as were written up
/// to its highest written offset; a missing file is a blank slot and reads 0 bytes; Erase deletes the file.
/// Every write is flushed to disk before it returns (a crash loses at most the write in progress, which the
/// model store's CRC and second slot cover).
/// </summary>
public sealed class FileSlotStorage : IStorage
{
    private readonly bool _flushToDisk;

    /// <param name="directory">Folder of the slot files; created if missing.</param>
    /// <param name="slotCount">Number of slots.</param>
    /// <param name="slotSize">Capacity of each slot in bytes.</param>
    /// <param name="flushToDisk">False skips fsync (faster, for tests that do not care about power loss).</param>
    public FileSlotStorage(string directory, int slotCount = SimulatedBoard.DefaultSlotCount,
        int slotSize = SimulatedBoard.DefaultSlotSize, bool flushToDisk = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        SlotBounds.CheckLayout(slotCount, slotSize);
        Directory = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(Directory);
        SlotCount = slotCount;
        SlotSize = slotSize;
        _flushToDisk = flushToDisk;
    }

    public string Directory { get; }

    public int SlotCount { get; }

    public int SlotSize { get; }

    /// <summary>The file that holds <paramref name="slot"/>.</summary>
    public string SlotPath(int slot)
    {
        SlotBounds.CheckSlot(slot, SlotCount);
        return Path.Combine(Directory, "slot" + slot + ".bin");
    }

    public int Read(int slot, int offset, byte[] buffer, int bufferOffset, int count)
    {
        string path = SlotPath(slot);
        SlotBounds.CheckBuffer(buffer, bufferOffset, count);
        if (offset < 0) throw new ArgumentOutOfRangeException(nameof(offset), offset, "offset must not be negative");
        if (count == 0 || offset >= SlotSize) return 0;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (offset >= file.Length) return 0;
            file.Position = offset;
            int wanted = (int)Math.Min(Math.Min(count, file.Length - offset), SlotSize - offset);
            int total = 0;
            while (total < wanted)
            {
                int n = file.Read(buffer, bufferOffset + total, wanted - total);
                if (n == 0) break;
                total += n;
            }
            return total;
        }
        catch (FileNotFoundException) { return 0; }
        catch (DirectoryNotFoundException) { return 0; }
    }

    public void Write(int slot, int offset, byte[] buffer, int bufferOffset, int count)
    {
        string path = SlotPath(slot);
        SlotBounds.CheckBuffer(buffer, bufferOffset, count);
        SlotBounds.CheckWrite(slot, offset, count, SlotSize);
        try
        {
            using var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read | FileShare.Delete);
            file.Position = offset;
            file.Write(buffer, bufferOffset, count);
            file.Flush(_flushToDisk);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot write flash slot {slot} ({path}): {e.Message}", e);
        }
    }

    public void Erase(int slot)
    {
        string path = SlotPath(slot);
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot erase flash slot {slot} ({path}): {e.Message}", e);
        }
    }
}
