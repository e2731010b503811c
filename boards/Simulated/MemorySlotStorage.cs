using Edge.Core.Hardware;

namespace Edge.Boards.Simulated;

/// <summary>
/// Slots in RAM: the volatile twin of <see cref="FileSlotStorage"/> with the same read semantics
/// (a slot holds as many bytes as were written up to its highest written offset; a blank slot reads 0 bytes).
/// For tests and throw-away boards.
/// </summary>
public sealed class MemorySlotStorage : IStorage
{
    private readonly byte[][] _slots;
    private readonly int[] _lengths;
    private readonly object _gate = new();

    public MemorySlotStorage(int slotCount = SimulatedBoard.DefaultSlotCount, int slotSize = SimulatedBoard.DefaultSlotSize)
    {
        SlotBounds.CheckLayout(slotCount, slotSize);
        SlotCount = slotCount;
        SlotSize = slotSize;
        _slots = new byte[slotCount][];
        _lengths = new int[slotCount];
    }

    public int SlotCount { get; }

    public int SlotSize { get; }

    public int Read(int slot, int offset, byte[] buffer, int bufferOffset, int count)
    {
        SlotBounds.CheckSlot(slot, SlotCount);
        SlotBounds.CheckBuffer(buffer, bufferOffset, count);
        if (offset < 0) throw new ArgumentOutOfRangeException(nameof(offset), offset, "offset must not be negative");
        lock (_gate)
        {
            int available = Math.Min(count, _lengths[slot] - offset);
            if (available <= 0) return 0;
            Buffer.BlockCopy(_slots[slot], offset, buffer, bufferOffset, available);
            return available;
        }
    }

    public void Write(int slot, int offset, byte[] buffer, int bufferOffset, int count)
    {
        SlotBounds.CheckSlot(slot, SlotCount);
        SlotBounds.CheckBuffer(buffer, bufferOffset, count);
        SlotBounds.CheckWrite(slot, offset, count, SlotSize);
        lock (_gate)
        {
            int end = offset + count;
            byte[]? data = _slots[slot];
            if (data == null || data.Length < end)
            {
                // Grow geometrically, never past the slot: most boards never fill their slots.
                var grown = new byte[Math.Min(SlotSize, Math.Max(end, (data?.Length ?? 0) * 2))];
                if (data != null) Buffer.BlockCopy(data, 0, grown, 0, _lengths[slot]);
                _slots[slot] = data = grown;
            }
            Buffer.BlockCopy(buffer, bufferOffset, data, offset, count);
            if (end > _lengths[slot]) _lengths[slot] = end;
        }
    }

    public void Erase(int slot)
    {
        SlotBounds.CheckSlot(slot, SlotCount);
        lock (_gate)
        {
            _slots[slot] = null!;
            _lengths[slot] = 0;
        }
    }
}
