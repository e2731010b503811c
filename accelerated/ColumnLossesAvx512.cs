using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Edge.Core.Losses;
using Edge.Core.Numerics;

namespace Edge.Accelerated
{
    /// <summary>
    /// x86 AVX-512 (F/BW/CD/VBMI) twin of <see cref="CrossEntropy.ColumnLosses"/>,
    /// bit-identical to the device's loop. Four passes over scratch arrays:
    ///  1. per 16 units: the column products r_i·W[o, i] from row o (contiguous), rounded as a column
    ///     pass rounds, added to the clean logit with saturation (a clamp of the product to the room left
    ///     in int32, needed only when a clean logit is beyond ±2^30), packed (vpcompressd) for the units that
    ///     responded only, class-major: row o holds z_o of those n units; and a last row their largest logit.
    ///  2. e^(−a), a = max − z_o (exact as an unsigned int32), of every (class, unit) pair, 64 at a time,
    ///     exactly as <see cref="FixedExp.ExpQ30"/>: the 64-bit product with log2(e) (vpmuludq on even and
    ///     odd lanes), the table 2^−f and its differences looked up by byte permutes (below), the
    ///     interpolation and the rounding shift.
    ///  3. per unit the sum of its exponentials, exact (the sum over 8 and the wrapped sum), and
    ///     ln(sum) exactly as <see cref="FixedLog.LnQ16"/> (vplzcntd, the mantissa, the log2 table by byte
    ///     permutes, the interpolation, ShiftRound, the product with ln 2); the loss ln(sum) + a_label, saturated.
    ///  4. the losses spread back to their units (vpexpandd), the others left as they were.
    /// The exponentials and the log2 table come from <see cref="FixedVectors"/> (tables by byte permutes).
    /// At most 31 classes (the exact sum in uint32), at least 16 units; otherwise the portable loop runs.
    /// Asked for the clean logits' own loss and gradient too (8 to 16 classes), it packs them as one more column after
    /// the n units (a unit whose response is zero: z = clean), so the clean softmax shares the passes' exponentials and
    /// logarithms (free while n + 1 fits the same whole vectors per row); its gradient comes from that column's exponentials.
    /// The passes are compiled fully optimised at once (AggressiveOptimization): with tiered PGO the JIT
    /// laid them out with vectors spilled around their loops, half again slower. Compiled so before the
    /// tables' class is initialised, they get the tables handed down instead of reading them (which would
    /// check the class's initialisation at every use).
    /// </summary>
    public static class ColumnLossesAvx512
    {
        private const int Lanes = 16;
        private const int MaxClasses = 31;

        /// <summary>The twin's working arrays, one set per thread, grown to the largest layer seen.</summary>
        private sealed class Work
        {
            public int[] Logits = new int[0];        // z_o of the packed units: row o at o·stride, their largest z in row `classes`
            public int[] Exponentials = new int[0];  // e^(z_o − max), rows as the logits'
            public int[] Losses = new int[0];        // the packed units' losses

            public void Ensure(int classes, int units)
            {
                int rows = (classes + 1) * (units + 2 * Lanes) + 4 * Lanes;
                if (Logits.Length < rows) { Logits = new int[rows]; Exponentials = new int[rows]; }
                if (Losses.Length < units + 4 * Lanes) Losses = new int[units + 4 * Lanes];
            }
        }

        [System.ThreadStatic] private static Work? _work;

        private static bool Supported { get { return FixedVectors.IsSupported && Avx512CD.IsSupported; } }

        /// <summary>Whether this machine runs the twin (elsewhere <see cref="Run"/> does nothing).</summary>
        public static bool IsSupported { get { return Supported; } }

        /// <summary>
        /// <see cref="CrossEntropy.ColumnLosses"/> in full: returns how many units it evaluated, or −1 when it did nothing
        /// (sizes it does not handle, or a machine without the instructions). With <paramref name="cleanGradient"/>, also
        /// <see cref="CrossEntropy.Forward"/> of the clean logits (<paramref name="cleanLoss"/> and the gradient), or nothing (−1).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static int Run(int[] clean, short[] weights, int weightExponent, int classes, int units, short[] response, int label, int[] losses,
                              int[]? cleanGradient, out int cleanLoss)
        {
            cleanLoss = 0;
            bool withClean = cleanGradient != null;
            if (!Supported || classes < 1 || classes > MaxClasses || units < Lanes || (uint)label >= (uint)classes
                || (uint)weightExponent > Q.MaxWeightExponent
                || clean.Length < classes || weights.Length / classes < units || response.Length < units || losses.Length < units
                || (withClean && (classes < Lanes / 2 || classes > Lanes || cleanGradient!.Length < classes)))
                return -1;
            int n = 0;   // units that responded
            for (int b = 0; b < units; b += Lanes) n += BitOperations.PopCount(Responded(response, units, b, out _).ExtractMostSignificantBits());
            if (n == 0 && !withClean) return 0;

            Work work = _work ??= new Work();
            work.Ensure(classes, units + 1);
            // Row o holds the packed columns' z_o in whole vectors, plus one vector of room: pass 1 stores 16 lanes
            // wherever its packed block starts, and the lanes past the block are written again by the next block
            // or fall in that room. Passes 2 and 3 then read and write whole vectors at the same places.
            int columns = withClean ? n + 1 : n;
            int rowVectors = (columns + Lanes - 1) / Lanes;
            int stride = (rowVectors + 1) * Lanes;
            PackLogits(clean, weights, weightExponent, classes, units, response, stride, work.Logits);
            if (withClean) PackClean(clean, classes, n, stride, work.Logits);
            Exponentials(work.Logits, classes, rowVectors, stride, work.Exponentials, FixedVectors.ExpPlanes);
            Losses(work.Logits, work.Exponentials, classes, columns, stride, label, work.Losses, FixedVectors.LogPlanes);
            int[] packed = work.Losses;
            if (withClean)
            {
                cleanLoss = packed[n];
                CleanGradient(work.Exponentials, classes, n, stride, label, cleanGradient!);
            }
            int offset = 0;
            for (int b = 0; b < units; b += Lanes)
            {
                Vector512<int> take = Responded(response, units, b, out int start);
                ulong bits = take.ExtractMostSignificantBits();
                if (bits == 0) continue;
                Vector512<int> spread = Avx512F.Expand(Vector512<int>.Zero, take, Vector512.LoadUnsafe(ref packed[offset]));
                ref int target = ref losses[start];
                Vector512.ConditionalSelect(take, spread, Vector512.LoadUnsafe(ref target)).StoreUnsafe(ref target);
                offset += BitOperations.PopCount(bits);
            }
            return n;
        }

        /// <summary>
        /// The 16 units from <paramref name="start"/> (b, or units − 16 for a last partial block, whose lanes
        /// below b were done already): all ones in the lanes of those that responded and are new.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<int> Responded(short[] response, int units, int b, out int start)
        {
            start = b + Lanes <= units ? b : units - Lanes;
            Vector512<int> r = Avx512F.ConvertToVector512Int32(Vector256.LoadUnsafe(ref response[start]));
            return ~Vector512.Equals(r, Vector512<int>.Zero) & Vector512.GreaterThanOrEqual(Vector512<int>.Indices, Vector512.Create(b - start));
        }

        /// <summary>
        /// Pass 1: logits[o·stride + k] = z_o of the k-th unit that responded, and logits[classes·stride + k] its largest.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void PackLogits(int[] clean, short[] weights, int weightExponent, int classes, int units, short[] response, int stride, int[] logits)
        {
            // the column product c is within ±(2^(23+e) + 1) ≤ 2^27 + 1, so clean logits within ±2^30 never saturate: no clamp
            bool saturating = false;
            for (int o = 0; o < classes; o++) saturating |= clean[o] > 1 << 30 || clean[o] < -(1 << 30);
            ref int z0 = ref logits[0];
            ref short w0 = ref weights[0];
            ref int c0 = ref clean[0];
            int shift = CrossEntropy.ColumnShift - weightExponent;   // ≥ 3 (Q.MaxWeightExponent)
            Vector512<int> half = Vector512.Create(1 << (shift - 1));
            int offset = 0;
            for (int b = 0; b < units; b += Lanes)
            {
                Vector512<int> take = Responded(response, units, b, out int start);
                ulong bits = take.ExtractMostSignificantBits();
                if (bits == 0) continue;
                Vector512<int> r = Avx512F.ConvertToVector512Int32(Vector256.LoadUnsafe(ref response[start]));
                Vector512<int> max = Vector512.Create(int.MinValue);
                ref short w = ref Unsafe.Add(ref w0, start);
                ref int z = ref Unsafe.Add(ref z0, offset);
                for (int o = 0; o < classes; o++)
                {
                    // |r·w| ≤ 2^30: (p + 2^(shift−1)) >> shift is ShiftRound(p, shift) and cannot overflow
                    Vector512<int> c = Vector512.ShiftRightArithmetic(r * Avx512F.ConvertToVector512Int32(Vector256.LoadUnsafe(ref w)) + half, shift);
                    int logit = Unsafe.Add(ref c0, o);
                    // z = sat32(clean + c) = clean + clamp(c, MIN − clean, MAX − clean)
                    if (saturating)
                        c = Vector512.Min(Vector512.Max(c, Vector512.Create((int)System.Math.Max((long)int.MinValue - logit, -(1L << 30)))),
                                          Vector512.Create((int)System.Math.Min((long)int.MaxValue - logit, 1L << 30)));
                    Vector512<int> zo = Vector512.Create(logit) + c;
                    Avx512F.Compress(Vector512<int>.Zero, take, zo).StoreUnsafe(ref z);
                    max = Vector512.Max(max, zo);
                    w = ref Unsafe.Add(ref w, units);
                    z = ref Unsafe.Add(ref z, stride);
                }
                Avx512F.Compress(Vector512<int>.Zero, take, max).StoreUnsafe(ref z);   // row `classes`
                offset += BitOperations.PopCount(bits);
            }
        }

        /// <summary>The clean logits as column n (after pass 1): z[o·stride + n] = clean[o], and their largest in row `classes`.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void PackClean(int[] clean, int classes, int n, int stride, int[] logits)
        {
            // whole-vector stores of the value in every lane (the lanes past n fall in the row's room), so that the
            // passes' vector loads find them whole; n + 16 ≤ stride
            int max = int.MinValue;
            ref int z = ref logits[n];
            for (int o = 0; o < classes; o++)
            {
                int logit = clean[o];
                Vector512.Create(logit).StoreUnsafe(ref z);
                if (logit > max) max = logit;
                z = ref Unsafe.Add(ref z, stride);
            }
            Vector512.Create(max).StoreUnsafe(ref z);
        }

        /// <summary>The clean softmax's gradient p_o − [o = label] from column n's exponentials (8 to 16 classes).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void CleanGradient(int[] e, int classes, int n, int stride, int label, int[] gradient)
        {
            // the column's exponentials into one vector, lane o for class o (at least 8 of them), 0 past the classes (each at most 2^30)
            ref int e0 = ref e[n];
            Vector256<int> first = Vector256.Create(e0, Unsafe.Add(ref e0, stride), Unsafe.Add(ref e0, 2 * stride), Unsafe.Add(ref e0, 3 * stride),
                                                    Unsafe.Add(ref e0, 4 * stride), Unsafe.Add(ref e0, 5 * stride), Unsafe.Add(ref e0, 6 * stride), Unsafe.Add(ref e0, 7 * stride));
            Vector256<int> second = Vector256.Create(Row(ref e0, 8, stride, classes), Row(ref e0, 9, stride, classes), Row(ref e0, 10, stride, classes),
                                                     Row(ref e0, 11, stride, classes), Row(ref e0, 12, stride, classes), Row(ref e0, 13, stride, classes),
                                                     Row(ref e0, 14, stride, classes), Row(ref e0, 15, stride, classes));
            Vector512<int> column = Vector512.Create(first, second);
            Vector512<long> low = Avx512F.ConvertToVector512Int64(column.GetLower()), high = Avx512F.ConvertToVector512Int64(column.GetUpper());
            VectorLoopsAvx512.Gradient(column, Vector512.Sum(low + high), classes, label, gradient);
        }

        /// <summary>Row o's value of the column at <paramref name="e0"/>, 0 past the classes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int Row(ref int e0, int o, int stride, int classes)
        {
            return o < classes ? Unsafe.Add(ref e0, o * stride) : 0;
        }

        /// <summary>
        /// Pass 2: e[p + i] = ExpQ30(z[p + i] − z[m + i]) for the 16 lanes of every whole vector p = o·stride + 16v of
        /// the class rows (v &lt; rowVectors) and the largest logits' vector m = classes·stride + 16v beside it, four
        /// vectors at a time.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Exponentials(int[] z, int classes, int rowVectors, int stride, int[] e, Vector512<byte>[] planes)
        {
            ref int z0 = ref z[0];
            ref int e0 = ref e[0];
            int count = classes * rowVectors;
            int o = 0, v = 0;   // the next vector
            for (int q = 0; q < count; q += 4)
            {
                // a last group of fewer than four repeats its last vector (the same values again)
                nuint p0 = (nuint)(o * stride + v * Lanes), m0 = (nuint)(classes * stride + v * Lanes);
                if (q + 1 < count && ++v == rowVectors) { v = 0; o++; }
                nuint p1 = (nuint)(o * stride + v * Lanes), m1 = (nuint)(classes * stride + v * Lanes);
                if (q + 2 < count && ++v == rowVectors) { v = 0; o++; }
                nuint p2 = (nuint)(o * stride + v * Lanes), m2 = (nuint)(classes * stride + v * Lanes);
                if (q + 3 < count && ++v == rowVectors) { v = 0; o++; }
                nuint p3 = (nuint)(o * stride + v * Lanes), m3 = (nuint)(classes * stride + v * Lanes);
                if (++v == rowVectors) { v = 0; o++; }
                // a = max − z, exact as an unsigned int32
                Vector512<uint> x0 = (Vector512.LoadUnsafe(ref z0, m0) - Vector512.LoadUnsafe(ref z0, p0)).AsUInt32();
                Vector512<uint> x1 = (Vector512.LoadUnsafe(ref z0, m1) - Vector512.LoadUnsafe(ref z0, p1)).AsUInt32();
                Vector512<uint> x2 = (Vector512.LoadUnsafe(ref z0, m2) - Vector512.LoadUnsafe(ref z0, p2)).AsUInt32();
                Vector512<uint> x3 = (Vector512.LoadUnsafe(ref z0, m3) - Vector512.LoadUnsafe(ref z0, p3)).AsUInt32();
                FixedVectors.Exp(planes, x0, x1, x2, x3, out Vector512<int> f0, out Vector512<int> f1, out Vector512<int> f2, out Vector512<int> f3);
                f0.StoreUnsafe(ref e0, p0);
                f1.StoreUnsafe(ref e0, p1);
                f2.StoreUnsafe(ref e0, p2);
                f3.StoreUnsafe(ref e0, p3);
            }
        }

        /// <summary>Pass 3: packed[k] = the loss of the k-th unit that responded, from its differences and exponentials.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Losses(int[] z, int[] e, int classes, int n, int stride, int label, int[] packed, Vector512<byte>[] planes)
        {
            for (int k = 0; k < n; k += 4 * Lanes)
            {
                // the last group's vectors past the n units repeat its first (their results fall past n too)
                int left = n - k;
                Vector512<uint> s0 = SumOver8(e, classes, stride, k);
                Vector512<uint> s1 = left > 16 ? SumOver8(e, classes, stride, k + 16) : s0;
                Vector512<uint> s2 = left > 32 ? SumOver8(e, classes, stride, k + 32) : s0;
                Vector512<uint> s3 = left > 48 ? SumOver8(e, classes, stride, k + 48) : s0;
                Vector512<uint> z0 = Avx512CD.LeadingZeroCount(s0), z1 = Avx512CD.LeadingZeroCount(s1);
                Vector512<uint> z2 = Avx512CD.LeadingZeroCount(s2), z3 = Avx512CD.LeadingZeroCount(s3);
                Vector512<uint> m0 = Mantissa(s0, z0), m1 = Mantissa(s1, z1), m2 = Mantissa(s2, z2), m3 = Mantissa(s3, z3);
                FixedVectors.Lookup(planes, Vector512.ShiftRightLogical(m0, 8), Vector512.ShiftRightLogical(m1, 8),
                         Vector512.ShiftRightLogical(m2, 8), Vector512.ShiftRightLogical(m3, 8),
                         out Vector512<int> lo0, out Vector512<int> lo1, out Vector512<int> lo2, out Vector512<int> lo3,
                         out Vector512<int> d0, out Vector512<int> d1, out Vector512<int> d2, out Vector512<int> d3);
                // a_label = max − z_label, exact as an unsigned int32
                ref int label0 = ref z[label * stride + k];
                ref int max0 = ref z[classes * stride + k];
                ref int p0 = ref packed[k];
                Loss(m0, z0, lo0, d0, (Vector512.LoadUnsafe(ref max0) - Vector512.LoadUnsafe(ref label0)).AsUInt32()).StoreUnsafe(ref p0);
                Loss(m1, z1, lo1, d1, (Vector512.LoadUnsafe(ref max0, 16) - Vector512.LoadUnsafe(ref label0, 16)).AsUInt32()).StoreUnsafe(ref p0, 16);
                Loss(m2, z2, lo2, d2, (Vector512.LoadUnsafe(ref max0, 32) - Vector512.LoadUnsafe(ref label0, 32)).AsUInt32()).StoreUnsafe(ref p0, 32);
                Loss(m3, z3, lo3, d3, (Vector512.LoadUnsafe(ref max0, 48) - Vector512.LoadUnsafe(ref label0, 48)).AsUInt32()).StoreUnsafe(ref p0, 48);
            }
        }

        /// <summary>
        /// Σ_o e[o·stride + k + lane] / 8, rounded down, exactly: H = Σ (e &gt;&gt; 3) and the wrapped Σ e give the low
        /// bits Σ (e &amp; 7) = (Σ e − 8H) mod 2^32. At most 31 terms of at most 2^30: below 31 · 2^27 + 31 &lt; 2^32.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<uint> SumOver8(int[] e, int classes, int stride, int k)
        {
            Vector512<uint> high = Vector512<uint>.Zero, wrapped = Vector512<uint>.Zero;
            ref int e0 = ref e[k];
            for (int o = 0; o < classes; o++)
            {
                Vector512<uint> x = Vector512.LoadUnsafe(ref e0, (nuint)(o * stride)).AsUInt32();
                high += Vector512.ShiftRightLogical(x, 3);
                wrapped += x;
            }
            return high + Vector512.ShiftRightLogical(wrapped - Vector512.ShiftLeft(high, 3), 3);
        }

        /// <summary>
        /// The 16 bits below the top bit of the sum = 8·s + (0..7) ≥ 2^30: its top bit is 34 − lz(s), and
        /// those bits start at bit 18 − lz(s) ≥ 14 of the sum, bit 15 − lz(s) of s.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<uint> Mantissa(Vector512<uint> s, Vector512<uint> lz)
        {
            return Avx512F.ShiftRightLogicalVariable(s, Vector512.Create(15u) - lz) & Vector512.Create(0xFFFFu);
        }

        /// <summary>
        /// sat32(ln(sum) + a_label): <see cref="FixedLog.Log2Q16"/> from the mantissa and top bit, then
        /// <see cref="FixedLog.LnQ16"/>'s product with ln 2, then the saturating sum.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<int> Loss(Vector512<uint> mantissa, Vector512<uint> lz, Vector512<int> lo, Vector512<int> d, Vector512<uint> aLabel)
        {
            Vector512<int> weight = (mantissa & Vector512.Create(0xFFu)).AsInt32();
            Vector512<uint> fraction = (lo + Vector512.ShiftRightArithmetic(d * weight + Vector512.Create(128), 8)).AsUInt32();   // [0, 2^30]
            // log2(sum / 2^30) = (top − 30) << 16 + ShiftRound(fraction, 14), top − 30 = 4 − lz, in [0, 2^19)
            Vector512<uint> log2 = Vector512.ShiftLeft(Vector512.Create(4u) - lz, 16) + Vector512.ShiftRightLogical(fraction + Vector512.Create(1u << 13), 14);
            Vector512<uint> ln = FixedVectors.MultiplyShift30(log2, Vector512.Create((ulong)FixedLog.Ln2Q30).AsUInt32(), Vector512.Create(1UL << 29));
            // a_label < 2^32 (unsigned): ln + a_label, saturated at int.MaxValue
            Vector512<uint> sum = Vector512.Min(aLabel, Vector512.Create(1u << 31)) + ln;
            return Vector512.Min(sum, Vector512.Create((uint)int.MaxValue)).AsInt32();
        }

    }
}
