namespace Edge.Boards.Simulated;

/// <summary>Argument checks shared by the slot storages, so both reject the same calls with the same words.</summary>
internal static class SlotBounds
{
    public static void CheckLayout(int slotCount, int slotSize)
    {
        if (slotCount < 1) throw new ArgumentOutOfRangeException(nameof(slotCount), slotCount, "need at least one slot");
        if (slotSize < 1) throw new ArgumentOutOfRangeException(nameof(slotSize), slotSize, "slots must hold at least one byte");
    }

    public static void CheckSlot(int slot, int slotCount)
    {
        if ((uint)slot >= (uint)slotCount)
            throw new ArgumentOutOfRangeException(nameof(slot), slot, $"storage has slots 0..{slotCount - 1}");
    }

    public static void CheckBuffer(byte[] buffer, int bufferOffset, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (bufferOffset < 0 || count < 0 || bufferOffset > buffer.Length - count)
            throw new ArgumentOutOfRangeException(nameof(count), $"range {bufferOffset}+{count} lies outside a buffer of {buffer.Length} bytes");
    }

    /// <summary>Writes must fit in the slot: flash has no room past its sector.</summary>
    public static void CheckWrite(int slot, int offset, int count, int slotSize)
    {
        if (offset < 0 || offset > slotSize - count)
            throw new ArgumentOutOfRangeException(nameof(offset), $"write of {count} bytes at {offset} does not fit slot {slot} of {slotSize} bytes");
    }
}
