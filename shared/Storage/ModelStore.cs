using Edge.Core.Hardware;
using Edge.Core.Model;
using Edge.Core.Protocol;

namespace Edge.Core.Storage
{
    /// <summary>
    /// Keeps model images in the slots of an <see cref="IStorage"/> so that no torn or corrupted
    /// write can lose the last good model:
    /// <list type="bullet">
    /// <item>SAVE writes into a slot that does not hold the newest valid image (an invalid slot
    /// first, else the oldest), with generation = newest + 1, and reads it back to verify. The
    /// magic is written last, so a write cut at any byte leaves no image that looks complete, and
    /// the CRC-32 catches everything else.</item>
    /// <item>LOAD (and boot) takes the valid image with the highest generation.</item>
    /// </list>
    /// Stored bytes are untrusted: the header is validated before its sizes are used, the CRC is
    /// checked by streaming the slot through a 256-byte buffer, and nothing is allocated here
    /// after construction. Storage exceptions never escape: they make a slot invalid or a save fail.
    /// </summary>
    public sealed class ModelStore
    {
        /// <summary>Save failed: the storage threw while erasing or writing.</summary>
        public const int SaveWriteFailed = -1;
        /// <summary>Save refused: the image is larger than a slot.</summary>
        public const int SaveTooLarge = -2;
        /// <summary>Save failed: reading the written image back did not give the same image.</summary>
        public const int SaveVerifyFailed = -3;
        /// <summary>Save refused: the storage has fewer than two slots, so it cannot alternate.</summary>
        public const int SaveNoSlots = -4;
        /// <summary>Save refused: the network does not have the architecture of the header.</summary>
        public const int SaveMismatch = -5;

        private const int ChunkBytes = 256;

        private readonly IStorage _storage;
        private readonly byte[] _header = new byte[ModelImage.HeaderLength];
        private readonly byte[] _chunk = new byte[ChunkBytes];
        private readonly short[] _values = new short[ChunkBytes / 2];
        private readonly ModelImageHeader _probe = new ModelImageHeader();

        public ModelStore(IStorage storage)
        {
            _storage = storage;
        }

        public IStorage Storage { get { return _storage; } }

        /// <summary>True when the slot holds a complete image with a valid header and CRC; fills <paramref name="header"/>.</summary>
        public bool Inspect(int slot, ModelImageHeader header)
        {
            uint crc;
            return Check(slot, header, out crc);
        }

        /// <summary>The slot of the valid image with the highest generation (its header into <paramref name="header"/>), or −1.</summary>
        public int FindNewest(ModelImageHeader header)
        {
            int newest = -1;
            uint newestGeneration = 0;
            int slots = SafeSlotCount();
            for (int slot = 0; slot < slots; slot++)
            {
                if (!Inspect(slot, _probe)) continue;
                if (newest < 0 || _probe.Generation > newestGeneration)
                {
                    newest = slot;
                    newestGeneration = _probe.Generation;
                    header.CopyFrom(_probe);
                }
            }
            return newest;
        }

        /// <summary>
        /// Counts the slots that hold a written image that does not check out: its magic is there (a save writes the
        /// magic last, so a torn save leaves none) but its header or CRC fails, i.e. the flash lost bits.
        /// <paramref name="newestGeneration"/> gets the highest generation such a header still tells (0 if none does).
        /// Never throws.
        /// </summary>
        public int CountDamaged(out uint newestGeneration)
        {
            newestGeneration = 0;
            int damaged = 0;
            int slots = SafeSlotCount();
            for (int slot = 0; slot < slots; slot++)
            {
                uint crc;
                if (Check(slot, _probe, out crc)) continue;
                try
                {
                    if (!ReadFully(slot, 0, _header, 0, ModelImage.HeaderLength)) continue;
                    if ((uint)ModelImage.Get32(_header, 0) != ModelImage.Magic) continue;
                    damaged++;
                    if (ModelImage.ParseHeader(_header, ModelImage.HeaderLength, _probe) && _probe.Generation > newestGeneration)
                        newestGeneration = _probe.Generation;
                }
                catch (System.Exception)
                {
                    // unreadable storage: not counted, as Inspect does not count it either
                }
            }
            return damaged;
        }

        /// <summary>
        /// Reads the weights of the image in <paramref name="slot"/> into <paramref name="network"/>,
        /// which must have the architecture of <paramref name="header"/> (as found by Inspect or
        /// FindNewest). The image is re-validated while it is read: false if it changed, is corrupt
        /// or unreadable, in which case the network holds partial weights and should be discarded.
        /// </summary>
        public bool ReadWeights(int slot, ModelImageHeader header, Network network)
        {
            try
            {
                if (!SameArchitecture(header.Config, network)) return false;
                if (!ReadFully(slot, 0, _header, 0, ModelImage.HeaderLength)) return false;
                if (!ModelImage.ParseHeader(_header, ModelImage.HeaderLength, _probe)) return false;
                if (_probe.Generation != header.Generation || !_probe.Config.SameArchitecture(header.Config)) return false;
                uint crc = Crc32.Compute(_header, 0, ModelImage.HeaderLength);
                int count = network.ParameterCount;
                int done = 0;
                while (done < count)
                {
                    int n = count - done;
                    if (n > _values.Length) n = _values.Length;
                    if (!ReadFully(slot, ModelImage.HeaderLength + 2 * done, _chunk, 0, 2 * n)) return false;
                    crc = Crc32.Update(crc, _chunk, 0, 2 * n);
                    for (int i = 0; i < n; i++) _values[i] = (short)(_chunk[2 * i] | (_chunk[2 * i + 1] << 8));
                    WeightStream.Write(network, done, _values, 0, n);
                    done += n;
                }
                int noteAt = ModelImage.NoteOffset(count), crcAt = noteAt + _probe.NoteLength;
                if (!StreamCrc(slot, noteAt, crcAt, ref crc)) return false;
                if (!ReadFully(slot, crcAt, _chunk, 0, ModelImage.CrcLength)) return false;
                if ((uint)ModelImage.Get32(_chunk, 0) != crc) return false;
                for (int l = 0; l < network.LayerCount; l++) network.WeightExponents[l] = _probe.WeightExponents[l];
                return true;
            }
            catch (System.Exception)
            {
                return false;
            }
        }

        /// <summary>
        /// Writes <paramref name="network"/> with <paramref name="header"/> as a new image; sets
        /// header.Generation and the network's weight exponents, and clears header.NoteLength (a board
        /// writes no note). Returns the slot
        /// written, or one of the negative Save* codes. The newest valid image is never touched,
        /// whatever happens during the write.
        /// </summary>
        public int Save(ModelImageHeader header, Network network)
        {
            header.NoteLength = 0;
            int slots = SafeSlotCount();
            for (int l = 0; l < header.WeightExponents.Length; l++)
                header.WeightExponents[l] = l < network.LayerCount ? network.WeightExponents[l] : 0;
            if (slots < 2) return SaveNoSlots;
            if (!SameArchitecture(header.Config, network) || header.Config.Validate() != null) return SaveMismatch;
            int length = header.ImageLength;
            if (length > SafeSlotSize()) return SaveTooLarge;

            int newest = -1, oldest = -1, invalid = -1;
            uint newestGeneration = 0, oldestGeneration = 0;
            for (int slot = 0; slot < slots; slot++)
            {
                if (!Inspect(slot, _probe))
                {
                    if (invalid < 0) invalid = slot;
                    continue;
                }
                if (newest < 0 || _probe.Generation > newestGeneration) { newest = slot; newestGeneration = _probe.Generation; }
                if (oldest < 0 || _probe.Generation < oldestGeneration) { oldest = slot; oldestGeneration = _probe.Generation; }
            }
            int target = invalid >= 0 ? invalid : oldest;
            if (target == newest) target = (newest + 1) % slots; // equal generations: any other slot
            header.Generation = newest < 0 ? 1 : newestGeneration + 1;

            uint crc;
            try
            {
                crc = WriteImage(target, header, network);
            }
            catch (System.Exception)
            {
                return SaveWriteFailed;
            }
            uint readBack;
            if (!Check(target, _probe, out readBack) || readBack != crc || _probe.Generation != header.Generation) return SaveVerifyFailed;
            return target;
        }

        /// <summary>Erases the slot, writes everything after the magic, then the magic; returns the image CRC.</summary>
        private uint WriteImage(int slot, ModelImageHeader header, Network network)
        {
            _storage.Erase(slot);
            ModelImage.WriteHeader(header, _header);
            uint crc = Crc32.Compute(_header, 0, ModelImage.HeaderLength);
            _storage.Write(slot, ModelImage.MagicLength, _header, ModelImage.MagicLength, ModelImage.HeaderLength - ModelImage.MagicLength);
            int count = network.ParameterCount;
            int done = 0;
            while (done < count)
            {
                int n = WeightStream.Read(network, done, _values, 0, count - done < _values.Length ? count - done : _values.Length);
                for (int i = 0; i < n; i++)
                {
                    _chunk[2 * i] = (byte)_values[i];
                    _chunk[2 * i + 1] = (byte)(_values[i] >> 8);
                }
                crc = Crc32.Update(crc, _chunk, 0, 2 * n);
                _storage.Write(slot, ModelImage.HeaderLength + 2 * done, _chunk, 0, 2 * n);
                done += n;
            }
            ModelImage.Put32(_chunk, 0, (int)crc);
            _storage.Write(slot, ModelImage.HeaderLength + 2 * count, _chunk, 0, ModelImage.CrcLength);
            _storage.Write(slot, 0, _header, 0, ModelImage.MagicLength);
            return crc;
        }

        /// <summary>Validates the image in a slot by streaming it; never throws.</summary>
        private bool Check(int slot, ModelImageHeader header, out uint crc)
        {
            crc = 0;
            try
            {
                if (slot < 0 || slot >= SafeSlotCount()) return false;
                if (!ReadFully(slot, 0, _header, 0, ModelImage.HeaderLength)) return false;
                if (!ModelImage.ParseHeader(_header, ModelImage.HeaderLength, header)) return false;
                if (!LearningAlgorithm.IsKnown(header.Config.Algorithm)) return false;   // a board keeps only what it trains (not bp)
                int length = header.ImageLength;
                if (length > SafeSlotSize()) return false;
                uint running = Crc32.Compute(_header, 0, ModelImage.HeaderLength);
                int end = length - ModelImage.CrcLength;
                if (!StreamCrc(slot, ModelImage.HeaderLength, end, ref running)) return false;
                if (!ReadFully(slot, end, _chunk, 0, ModelImage.CrcLength)) return false;
                if ((uint)ModelImage.Get32(_chunk, 0) != running) return false;
                crc = running;
                return true;
            }
            catch (System.Exception)
            {
                return false;
            }
        }

        /// <summary>Feeds the slot's bytes [from, end) into <paramref name="crc"/> through the chunk buffer; false if they cannot be read.</summary>
        private bool StreamCrc(int slot, int from, int end, ref uint crc)
        {
            for (int position = from; position < end; )
            {
                int n = end - position < ChunkBytes ? end - position : ChunkBytes;
                if (!ReadFully(slot, position, _chunk, 0, n)) return false;
                crc = Crc32.Update(crc, _chunk, 0, n);
                position += n;
            }
            return true;
        }

        /// <summary>Reads exactly count bytes or reports false (short, blank or misbehaving storage).</summary>
        private bool ReadFully(int slot, int offset, byte[] buffer, int bufferOffset, int count)
        {
            int done = 0;
            while (done < count)
            {
                int n = _storage.Read(slot, offset + done, buffer, bufferOffset + done, count - done);
                if (n <= 0 || n > count - done) return false;
                done += n;
            }
            return true;
        }

        private static bool SameArchitecture(ModelConfig config, Network network)
        {
            if (network == null || network.LayerCount != config.LayerCount) return false;
            for (int i = 0; i <= config.LayerCount; i++) if (network.Sizes[i] != config.Sizes[i]) return false;
            return true;
        }

        private int SafeSlotCount()
        {
            try { return _storage == null ? 0 : _storage.SlotCount; }
            catch (System.Exception) { return 0; }
        }

        private int SafeSlotSize()
        {
            try { return _storage.SlotSize; }
            catch (System.Exception) { return 0; }
        }
    }
}
