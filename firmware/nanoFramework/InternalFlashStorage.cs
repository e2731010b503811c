using System.IO;
using Edge.Core.Hardware;

namespace Edge.Esp32
{
    /// <summary>
    /// Model slots as files on the ESP32's internal flash file system, which nanoFramework mounts as drive
    /// I:\ (SPIFFS in a flash partition). One file per slot (I:\edge-slot0.bin, …): a missing file is a blank
    /// slot and reads 0 bytes; Erase deletes it; every write is flushed. The model store above writes the
    /// slots in turn and checks each image's CRC-32, so a write torn by a reset never loses the last good model.
    /// </summary>
    public sealed class InternalFlashStorage : IStorage
    {
        private readonly string _root;
        private readonly int _slotCount;
        private readonly int _slotSize;

        public InternalFlashStorage(string root, int slotCount, int slotSize)
        {
            _root = root;
            _slotCount = slotCount;
            _slotSize = slotSize;
        }

        public int SlotCount { get { return _slotCount; } }

        public int SlotSize { get { return _slotSize; } }

        public int Read(int slot, int offset, byte[] buffer, int bufferOffset, int count)
        {
            string path = PathOf(slot);
            if (offset < 0 || count <= 0 || offset >= _slotSize || !File.Exists(path)) return 0;
            using (FileStream file = new FileStream(path, FileMode.Open, FileAccess.Read))
            {
                long length = file.Length;
                if (offset >= length) return 0;
                int wanted = count;
                if (wanted > length - offset) wanted = (int)(length - offset);
                if (wanted > _slotSize - offset) wanted = _slotSize - offset;
                file.Seek(offset, SeekOrigin.Begin);
                int total = 0;
                while (total < wanted)
                {
                    int n = file.Read(buffer, bufferOffset + total, wanted - total);
                    if (n <= 0) break;
                    total += n;
                }
                return total;
            }
        }

        public void Write(int slot, int offset, byte[] buffer, int bufferOffset, int count)
        {
            if (offset < 0 || count < 0 || offset + count > _slotSize) throw new IOException("write outside the slot");
            using (FileStream file = new FileStream(PathOf(slot), FileMode.OpenOrCreate, FileAccess.ReadWrite))
            {
                file.Seek(offset, SeekOrigin.Begin);
                file.Write(buffer, bufferOffset, count);
                file.Flush();
            }
        }

        public void Erase(int slot)
        {
            string path = PathOf(slot);
            if (File.Exists(path)) File.Delete(path);
        }

        private string PathOf(int slot)
        {
            if (slot < 0 || slot >= _slotCount) throw new System.ArgumentOutOfRangeException("slot");
            return _root + "edge-slot" + slot.ToString() + ".bin";
        }
    }
}
