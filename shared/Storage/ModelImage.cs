using Edge.Core.Learning;
using Edge.Core.Numerics;

namespace Edge.Core.Storage
{
    /// <summary>
    /// The binary model image kept in flash. Little-endian throughout:
    /// <code>
    ///  off size field
    ///    0   4  magic "EDGM"
    ///    4   2  format version (1; 2 when a weight exponent is not 0, so that an edge that knows none refuses it)
    ///    6   2  header length (84)
    ///    8   1  layer count L (1..4)
    ///    9   1  algorithm (LearningAlgorithm)
    ///   10   1  hidden activation kind (ActivationKind)
    ///   11   1  flags (LearnerSettings.Flags): bit 0 active-only, bit 1 central differences, bits 2–4 extra weight bits, bit 5 step control, bit 6 centred steps
    ///   12   4  fractional bits of weights (12, Q3.12), inputs (15, Q0.15), hidden activations (11, Q4.11), values (16, Q15.16)
    ///   16  10  layer sizes, uint16 × 5 (input first; entries past L are 0)
    ///   26   2  note length N (0..1024; 0 on a board)
    ///   28   4  hidden learning rate, Q15.16
    ///   32   4  output learning rate, Q15.16
    ///   36   4  σ, Q15.16
    ///   40   2  directions K
    ///   42   2  groups G
    ///   44   2  batch size
    ///   46   2  weight exponents, 4 bits per layer, layer 0 lowest (<see cref="WeightExponents"/>; 0: all Q3.12)
    ///   48   8  learner seed
    ///   56   8  init seed
    ///   64   4  board serial
    ///   68   4  generation
    ///   72   8  samples seen
    ///   80   4  parameter count P (must match the sizes)
    ///   84  2P  weights and biases, int16 Q3.12 (Q(3+e).(12−e) in a layer of exponent e), in <see cref="WeightStream"/> order
    /// 84+2P  N  note: printable ASCII saying where the weights came from (a file's; boards keep none)
    /// 84+2P+N 4  CRC-32 (IEEE) of bytes 0 .. 84+2P+N
    /// </code>
    /// Parsing treats the bytes as untrusted: every field is range-checked and the image length is
    /// derived from validated sizes and note length before anything is read further or allocated.
    /// The note took a field every earlier writer set to 0, so an image without one is byte for byte
    /// what format version 1 always was, and the version stays 1; an older reader refuses an image
    /// with a note (its length or CRC check fails) rather than misreading it.
    /// The algorithm may be float backprop's (bp), whose weights a file can hold; a board's
    /// <see cref="ModelStore"/> keeps only models it trains.
    /// </summary>
    public static class ModelImage
    {
        /// <summary>"EDGM" read as a little-endian uint32.</summary>
        public const uint Magic = 0x4D474445;
        public const int FormatVersion = 1;
        /// <summary>The version of an image whose weight exponents are not all 0 (a reader of version 1 alone would misread its weights).</summary>
        public const int ExponentsFormatVersion = 2;
        /// <summary>Where the header keeps the packed weight exponents (u16).</summary>
        public const int ExponentsOffset = 46;
        public const int HeaderLength = 84;
        public const int CrcLength = 4;
        public const int MagicLength = 4;
        /// <summary>Where the header keeps the format version (u16).</summary>
        public const int VersionOffset = 4;
        /// <summary>Where the header keeps the note length (u16).</summary>
        public const int NoteLengthOffset = 26;
        /// <summary>The longest note, checked before a note length is believed.</summary>
        public const int MaxNoteLength = 1024;

        /// <summary>Where the note starts: right after <paramref name="parameterCount"/> weights and biases.</summary>
        public static int NoteOffset(int parameterCount) { return HeaderLength + 2 * parameterCount; }

        /// <summary>Bytes of an image of <paramref name="parameterCount"/> weights and biases and a note of <paramref name="noteLength"/> bytes.</summary>
        public static int ImageLength(int parameterCount, int noteLength) { return NoteOffset(parameterCount) + noteLength + CrcLength; }

        /// <summary>Writes the header into buffer[0 .. HeaderLength).</summary>
        public static void WriteHeader(ModelImageHeader header, byte[] buffer)
        {
            ModelConfig c = header.Config;
            for (int i = 0; i < HeaderLength; i++) buffer[i] = 0;
            Put32(buffer, 0, (int)Magic);
            int exponents = WeightExponents.Pack(header.WeightExponents, c.LayerCount);
            Put16(buffer, VersionOffset, exponents == 0 ? FormatVersion : ExponentsFormatVersion);
            Put16(buffer, 6, HeaderLength);
            buffer[8] = (byte)c.LayerCount;
            buffer[9] = c.Algorithm;
            buffer[10] = c.Activation;
            buffer[11] = c.Learner.Flags;
            buffer[12] = Q.WeightFrac;
            buffer[13] = Q.InputFrac;
            buffer[14] = Q.ActivationFrac;
            buffer[15] = Q.ValueFrac;
            for (int i = 0; i <= c.LayerCount; i++) Put16(buffer, 16 + 2 * i, c.Sizes[i]);
            Put16(buffer, NoteLengthOffset, header.NoteLength);
            Put32(buffer, 28, c.Learner.HiddenLearningRateQ16);
            Put32(buffer, 32, c.Learner.OutputLearningRateQ16);
            Put32(buffer, 36, c.Learner.SigmaQ16);
            Put16(buffer, 40, c.Learner.Directions);
            Put16(buffer, 42, c.Learner.Groups);
            Put16(buffer, 44, c.Learner.BatchSize);
            Put16(buffer, ExponentsOffset, exponents);
            Put64(buffer, 48, (long)c.Learner.Seed);
            Put64(buffer, 56, (long)c.InitSeed);
            Put32(buffer, 64, (int)header.Serial);
            Put32(buffer, 68, (int)header.Generation);
            Put64(buffer, 72, header.SamplesSeen);
            Put32(buffer, 80, (int)c.ParameterCount);
        }

        /// <summary>
        /// Parses and validates buffer[0 .. HeaderLength) into <paramref name="header"/>. False for a
        /// wrong magic, version, Q format, an invalid config, a parameter count that does not match
        /// the sizes or a note longer than <see cref="MaxNoteLength"/>; <paramref name="header"/> is
        /// then unspecified. Never throws.
        /// </summary>
        public static bool ParseHeader(byte[] buffer, int count, ModelImageHeader header)
        {
            if (buffer == null || count < HeaderLength || buffer.Length < HeaderLength) return false;
            int version = Get16(buffer, VersionOffset);
            if ((uint)Get32(buffer, 0) != Magic || (version != FormatVersion && version != ExponentsFormatVersion) || Get16(buffer, 6) != HeaderLength) return false;
            if (buffer[12] != Q.WeightFrac || buffer[13] != Q.InputFrac || buffer[14] != Q.ActivationFrac || buffer[15] != Q.ValueFrac) return false;
            int noteLength = Get16(buffer, NoteLengthOffset);
            if (noteLength > MaxNoteLength) return false;
            header.NoteLength = noteLength;
            int layers = buffer[8];
            if (layers < 1 || layers > ModelConfig.MaxLayers) return false;
            ModelConfig c = header.Config;
            if (!c.Learner.SetFlags(buffer[11])) return false;
            c.LayerCount = layers;
            for (int i = 0; i < c.Sizes.Length; i++)
            {
                int size = Get16(buffer, 16 + 2 * i);
                if (i > layers && size != 0) return false;
                c.Sizes[i] = i <= layers ? size : 0;
            }
            c.Algorithm = buffer[9];
            c.Activation = buffer[10];
            c.Learner.HiddenLearningRateQ16 = Get32(buffer, 28);
            c.Learner.OutputLearningRateQ16 = Get32(buffer, 32);
            c.Learner.SigmaQ16 = Get32(buffer, 36);
            c.Learner.Directions = Get16(buffer, 40);
            c.Learner.Groups = Get16(buffer, 42);
            c.Learner.BatchSize = Get16(buffer, 44);
            int exponents = Get16(buffer, ExponentsOffset);
            if ((exponents != 0) != (version == ExponentsFormatVersion)) return false;
            for (int l = 0; l < header.WeightExponents.Length; l++) header.WeightExponents[l] = 0;
            if (!WeightExponents.Unpack(exponents, layers, header.WeightExponents)) return false;
            c.Learner.Seed = (ulong)Get64(buffer, 48);
            c.InitSeed = (ulong)Get64(buffer, 56);
            header.Serial = (uint)Get32(buffer, 64);
            header.Generation = (uint)Get32(buffer, 68);
            header.SamplesSeen = Get64(buffer, 72);
            if (c.Validate(backpropAllowed: true) != null) return false;   // a file may hold float backprop's weights
            if (Get32(buffer, 80) != c.ParameterCount) return false;
            return header.SamplesSeen >= 0;
        }

        internal static void Put16(byte[] b, int at, int v)
        {
            b[at] = (byte)v;
            b[at + 1] = (byte)(v >> 8);
        }

        internal static void Put32(byte[] b, int at, int v)
        {
            b[at] = (byte)v;
            b[at + 1] = (byte)(v >> 8);
            b[at + 2] = (byte)(v >> 16);
            b[at + 3] = (byte)(v >> 24);
        }

        internal static void Put64(byte[] b, int at, long v)
        {
            Put32(b, at, (int)v);
            Put32(b, at + 4, (int)(v >> 32));
        }

        internal static int Get16(byte[] b, int at) { return b[at] | (b[at + 1] << 8); }

        internal static int Get32(byte[] b, int at) { return b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24); }

        internal static long Get64(byte[] b, int at) { return ((long)Get32(b, at + 4) << 32) | (uint)Get32(b, at); }
    }
}
