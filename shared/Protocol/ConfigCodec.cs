using Edge.Core.Storage;

namespace Edge.Core.Protocol
{
    /// <summary>
    /// The config block of CONFIGURE, INFO and LOAD bodies (little-endian):
    /// u8 L, u16 × (L+1) sizes, u8 algorithm, u8 flags (LearnerSettings.Flags: bit 0 active-only, bit 1
    /// central, bits 2–4 extra weight bits, bit 5 step control, bit 6 centred steps),
    /// i32 hidden lr Q15.16, i32 output lr Q15.16, i32 σ Q15.16, u16 K, u16 G, u16 batch,
    /// u64 learner seed, u64 init seed. 39 + 2L bytes. Both ends of the wire use it, and a weights file keeps its model's settings in it.
    /// </summary>
    public static class ConfigCodec
    {
        /// <summary>Bytes of the block for L layers.</summary>
        public static int Length(int layers) { return 1 + 2 * (layers + 1) + 1 + 1 + 12 + 6 + 16; }

        public static bool Write(BodyWriter w, ModelConfig c)
        {
            w.WriteByte((byte)c.LayerCount);
            for (int i = 0; i <= c.LayerCount; i++) w.WriteUInt16((ushort)c.Sizes[i]);
            w.WriteByte(c.Algorithm);
            w.WriteByte(c.Learner.Flags);
            w.WriteInt32(c.Learner.HiddenLearningRateQ16);
            w.WriteInt32(c.Learner.OutputLearningRateQ16);
            w.WriteInt32(c.Learner.SigmaQ16);
            w.WriteUInt16((ushort)c.Learner.Directions);
            w.WriteUInt16((ushort)c.Learner.Groups);
            w.WriteUInt16((ushort)c.Learner.BatchSize);
            w.WriteUInt64(c.Learner.Seed);
            return w.WriteUInt64(c.InitSeed);
        }

        /// <summary>
        /// Reads a block into <paramref name="c"/> (Activation untouched). False when the body is
        /// malformed (a bad layer count or unknown flag bits included); values are validated by
        /// <see cref="ModelConfig.Validate"/>, not here.
        /// </summary>
        public static bool Read(BodyReader r, ModelConfig c)
        {
            int layers = r.ReadByte();
            if (!r.Ok || layers < 1 || layers > ModelConfig.MaxLayers) return false;
            c.LayerCount = layers;
            for (int i = 0; i < c.Sizes.Length; i++) c.Sizes[i] = i <= layers ? r.ReadUInt16() : 0;
            c.Algorithm = r.ReadByte();
            bool flagsKnown = c.Learner.SetFlags(r.ReadByte());
            c.Learner.HiddenLearningRateQ16 = r.ReadInt32();
            c.Learner.OutputLearningRateQ16 = r.ReadInt32();
            c.Learner.SigmaQ16 = r.ReadInt32();
            c.Learner.Directions = r.ReadUInt16();
            c.Learner.Groups = r.ReadUInt16();
            c.Learner.BatchSize = r.ReadUInt16();
            c.Learner.Seed = r.ReadUInt64();
            c.InitSeed = r.ReadUInt64();
            return r.Ok && flagsKnown;
        }
    }
}
