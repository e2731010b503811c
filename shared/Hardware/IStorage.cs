namespace Edge.Core.Hardware
{
    /// <summary>
    /// Non-volatile storage for model images: a few equal slots (flash sectors, files). Writes may be
    /// torn by a reset or power loss at any byte; the model store above copes with that by writing
    /// the slots in turn and checking each image's CRC-32.
    /// </summary>
    public interface IStorage
    {
        int SlotCount { get; }
        int SlotSize { get; }

        /// <summary>Reads up to count bytes at offset of a slot; returns the bytes read (0 past the end or for a blank slot).</summary>
        int Read(int slot, int offset, byte[] buffer, int bufferOffset, int count);

        /// <summary>Writes bytes at offset of a slot; throws System.IO.IOException-like exceptions on failure.</summary>
        void Write(int slot, int offset, byte[] buffer, int bufferOffset, int count);

        /// <summary>Erases a slot (reads back as blank).</summary>
        void Erase(int slot);
    }
}
