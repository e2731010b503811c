namespace Edge.Core.Protocol
{
    /// <summary>
    /// The stimuli of the batched requests (PRESENT_BATCH, INFER_BATCH, TRAIN_BATCH, TRAIN_SOFT_BATCH), as both
    /// ends write and read them: a header of u16 N and u32 step s in microvolts, then per item its stimulus,
    /// every channel an i32 in µV when s = 0, else a u16 count of steps (the value rounded to the nearest
    /// multiple of s and clamped to 0..65535·s: half the bytes, for any s from 1 to <see cref="MaxStep"/> µV).
    /// </summary>
    public static class StimulusEncoding
    {
        /// <summary>u16 N, u32 step.</summary>
        public const int HeaderLength = 6;
        /// <summary>The largest step of the compact (u16) encoding, in microvolts.</summary>
        public const int MaxStep = 32768;

        /// <summary>Bytes of one stimulus of <paramref name="channels"/> channels at step <paramref name="step"/>.</summary>
        public static int Bytes(int channels, int step) { return channels * (step == 0 ? 4 : 2); }

        /// <summary>Writes one stimulus (µV per channel); false if the body is full.</summary>
        public static bool Write(BodyWriter w, int[] stimulus, int channels, int step)
        {
            if (step == 0) return w.WriteInt32Array(stimulus, 0, channels);
            for (int i = 0; i < channels; i++)
            {
                long units = ((long)stimulus[i] + step / 2) / step;   // rounded to the nearest step (values ≥ 0)
                if (!w.WriteUInt16((ushort)(stimulus[i] < 0 ? 0 : (units > 0xFFFF ? 0xFFFF : units)))) return false;
            }
            return true;
        }

        /// <summary>Reads one stimulus into <paramref name="stimulus"/> (µV); false if the body ran out.</summary>
        public static bool Read(BodyReader r, int[] stimulus, int channels, int step)
        {
            if (step == 0) return r.ReadInt32Array(stimulus, 0, channels);
            for (int i = 0; i < channels; i++) stimulus[i] = r.ReadUInt16() * step;
            return r.Ok;
        }
    }
}
