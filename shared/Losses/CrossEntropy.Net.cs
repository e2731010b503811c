using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Edge.Core.Numerics;

namespace Edge.Core.Losses
{
    /// <summary>
    /// Host-only (net10.0, x86 AVX-512F/BW/CD/VBMI) twin of <see cref="CrossEntropy.ColumnLosses"/>,
    /// bit-identical to the device's loop. Four passes over scratch arrays:
    ///  1. per 16 units: the column products r_i·W[o, i] from row o (contiguous), rounded as a column
    ///     pass rounds, added to the clean logit with saturation (a clamp of the product to the room left
    ///     in int32); the largest logit per unit; then a_o = max − z_o (exact as an unsigned int32), packed
    ///     (vpcompressd) for the units that responded only, class-major: row o holds a_o of those n units.
    ///  2. e^(−a) of every (class, unit) pair, 64 at a time, exactly as <see cref="FixedExp.ExpQ30"/>:
    ///     the 64-bit product with log2(e) (vpmuludq on even and odd lanes), the table 2^−f and its
    ///     differences looked up by byte permutes (below), the interpolation and the rounding shift.
    ///  3. per unit the sum of its exponentials, exact (the sum over 8 and the wrapped sum), and
    ///     ln(sum) exactly as <see cref="FixedLog.LnQ16"/> (vplzcntd, the mantissa, the log2 table by byte
    ///     permutes, the interpolation, ShiftRound, the product with ln 2); the loss ln(sum) + a_label, saturated.
    ///  4. the losses spread back to their units (vpexpandd), the others left as they were.
    /// .NET has no AVX-512 gather; instead a 256-entry table of int32 is cut into byte planes, each
    /// looked up for 64 lanes by two vpermi2b and a blend on the index's top bit, and the planes are
    /// interleaved back into int32 (the indices are permuted first so that the interleave gives the
    /// lanes in order). About three times faster here than AVX2 gathers or dword permutes.
    /// At most 16 classes (the exact sum), at least 16 units; otherwise the portable loop runs.
    /// The passes are compiled fully optimised at once (AggressiveOptimization): with tiered PGO the JIT
    /// laid them out with vectors spilled around their loops, half again slower.
    /// </summary>
    public sealed partial class CrossEntropy
    {
        private const int Lanes = 16;
        private const int MaxClasses = 16;

        /// <summary>The twin's working arrays, one set per thread, grown to the largest layer seen.</summary>
        private sealed class Work
        {
            public int[] Differences = new int[0];   // a_o of the packed units: row o at o·stride
            public int[] Exponentials = new int[0];  // e^(−a_o), the same layout
            public int[] Losses = new int[0];        // the packed units' losses
            public int[] Logits = new int[0];        // z_o of one block of 16 units
            public int[] Bounds = new int[0];        // per class: the room left below and above the clean logit
            public int[] Vectors = new int[0];       // where each row's whole vectors start

            public void Ensure(int classes, int units)
            {
                int rows = classes * (units + 2 * Lanes) + 4 * Lanes;
                if (Differences.Length < rows) { Differences = new int[rows]; Exponentials = new int[rows]; }
                if (Losses.Length < units + 4 * Lanes) Losses = new int[units + 4 * Lanes];
                if (Vectors.Length < classes * (units / Lanes + 1)) Vectors = new int[classes * (units / Lanes + 1)];
                if (Logits.Length == 0) { Logits = new int[MaxClasses * Lanes]; Bounds = new int[2 * MaxClasses]; }
            }
        }

        [System.ThreadStatic] private static Work? _work;

        /// <summary>The twin's constants, built on first use (never on a host that cannot run it).</summary>
        private static class Tables
        {
            public static readonly Vector512<byte>[] Exp = Planes(FixedExp.Exp2NegTable, decreasing: true);
            public static readonly Vector512<byte>[] Log = Planes(FixedLog.Log2Table, decreasing: false);
            /// <summary>The byte order that the two interleaves of <see cref="Lookup64"/> turn back into lane order.</summary>
            public static readonly Vector512<byte> Interleaved = InterleavedOrder();
        }

        private static bool Supported
        {
            get
            {
                return Avx512BW.IsSupported && Avx512CD.IsSupported && Avx512Vbmi.IsSupported && Vector512.IsHardwareAccelerated;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        static partial void ColumnLossesAccelerated(int[] clean, short[] weights, int classes, int units, short[] response, int label, int[] losses, ref int evaluated, ref bool done)
        {
            if (!Supported || classes < 1 || classes > MaxClasses || units < Lanes || (uint)label >= (uint)classes
                || clean.Length < classes || weights.Length / classes < units || response.Length < units || losses.Length < units)
                return;
            int n = 0;   // units that responded
            for (int b = 0; b < units; b += Lanes) n += BitOperations.PopCount(Responded(response, units, b, out _).ExtractMostSignificantBits());
            done = true;
            evaluated = n;
            if (n == 0) return;

            Work work = _work ??= new Work();
            work.Ensure(classes, units);
            // Row o holds the n packed units' a_o in whole vectors, plus one vector of room: pass 1 stores 16 lanes
            // wherever its packed block starts, and the lanes past the block are written again by the next block
            // or fall in that room. Passes 2 and 3 then read and write whole vectors at the same places.
            int rowVectors = (n + Lanes - 1) / Lanes;
            int stride = (rowVectors + 1) * Lanes;
            PackDifferences(clean, weights, classes, units, response, stride, work);
            int vectors = 0;
            for (int o = 0; o < classes; o++)
                for (int v = 0; v < rowVectors; v++) work.Vectors[vectors++] = o * stride + v * Lanes;
            Exponentials(work.Differences, work.Vectors, vectors, work.Exponentials);
            Losses(work.Differences, work.Exponentials, classes, n, stride, label, work.Losses);
            int[] packed = work.Losses;
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

        /// <summary>Pass 1: Differences[o·stride + k] = max_p z_p − z_o of the k-th unit that responded, as an unsigned int32.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void PackDifferences(int[] clean, short[] weights, int classes, int units, short[] response, int stride, Work work)
        {
            ref int bounds = ref work.Bounds[0];
            for (int o = 0; o < classes; o++)
            {
                // the column product c is within ±2^23: z = sat32(clean + c) = clean + clamp(c, MIN − clean, MAX − clean)
                Unsafe.Add(ref bounds, 2 * o) = (int)System.Math.Max((long)int.MinValue - clean[o], -(1L << 30));
                Unsafe.Add(ref bounds, 2 * o + 1) = (int)System.Math.Min((long)int.MaxValue - clean[o], 1L << 30);
            }
            ref int z0 = ref work.Logits[0];
            ref int a0 = ref work.Differences[0];
            ref short w0 = ref weights[0];
            ref int c0 = ref clean[0];
            Vector512<int> half = Vector512.Create(1 << (ColumnShift - 1));
            int offset = 0;
            for (int b = 0; b < units; b += Lanes)
            {
                Vector512<int> take = Responded(response, units, b, out int start);
                ulong bits = take.ExtractMostSignificantBits();
                if (bits == 0) continue;
                Vector512<int> r = Avx512F.ConvertToVector512Int32(Vector256.LoadUnsafe(ref response[start]));
                Vector512<int> max = Vector512.Create(int.MinValue);
                for (int o = 0; o < classes; o++)
                {
                    Vector512<int> w = Avx512F.ConvertToVector512Int32(Vector256.LoadUnsafe(ref w0, (nuint)(o * units + start)));
                    // |r·w| ≤ 2^30: (p + 2^6) >> 7 is ShiftRound(p, 7) and cannot overflow
                    Vector512<int> c = Vector512.ShiftRightArithmetic(r * w + half, ColumnShift);
                    c = Vector512.Min(Vector512.Max(c, Vector512.Create(Unsafe.Add(ref bounds, 2 * o))), Vector512.Create(Unsafe.Add(ref bounds, 2 * o + 1)));
                    Vector512<int> z = Vector512.Create(Unsafe.Add(ref c0, o)) + c;
                    z.StoreUnsafe(ref z0, (nuint)(o * Lanes));
                    max = Vector512.Max(max, z);
                }
                for (int o = 0; o < classes; o++)
                    Avx512F.Compress(Vector512<int>.Zero, take, max - Vector512.LoadUnsafe(ref z0, (nuint)(o * Lanes)))
                        .StoreUnsafe(ref a0, (nuint)(o * stride + offset));
                offset += BitOperations.PopCount(bits);
            }
        }

        /// <summary>Pass 2: e[p + i] = ExpQ30(−a[p + i]) for the 16 lanes from each p of vectors[0..count), four vectors at a time.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Exponentials(int[] a, int[] vectors, int count, int[] e)
        {
            Vector512<uint> log2E = Vector512.Create((ulong)FixedExp.Log2EQ30).AsUInt32();
            Vector512<ulong> roundDown = Vector512.Create((1UL << 29) - 1);
            Vector512<uint> low8 = Vector512.Create(0xFFu);
            ref int a0 = ref a[0];
            ref int e0 = ref e[0];
            for (int q = 0; q < count; q += 4)
            {
                // a last group of fewer than four repeats its last vector (the same values again)
                nuint p0 = (nuint)vectors[q];
                nuint p1 = (nuint)vectors[q + 1 < count ? q + 1 : count - 1];
                nuint p2 = (nuint)vectors[q + 2 < count ? q + 2 : count - 1];
                nuint p3 = (nuint)vectors[q + 3 < count ? q + 3 : count - 1];
                // ExpQ30 clamps −a at −(2^31 − 1); every a ≥ 2^21 gives 0 either way (a·log2 e ≥ 46·2^16)
                Vector512<uint> x0 = Vector512.Min(Vector512.LoadUnsafe(ref a0, p0).AsUInt32(), Vector512.Create(1u << 21));
                Vector512<uint> x1 = Vector512.Min(Vector512.LoadUnsafe(ref a0, p1).AsUInt32(), Vector512.Create(1u << 21));
                Vector512<uint> x2 = Vector512.Min(Vector512.LoadUnsafe(ref a0, p2).AsUInt32(), Vector512.Create(1u << 21));
                Vector512<uint> x3 = Vector512.Min(Vector512.LoadUnsafe(ref a0, p3).AsUInt32(), Vector512.Create(1u << 21));
                // −round(−a · log2 e) with ties up = ⌊(a · log2e + 2^29 − 1) / 2^30⌋, Q15.16, < 2^22
                x0 = MultiplyShift30(x0, log2E, roundDown);
                x1 = MultiplyShift30(x1, log2E, roundDown);
                x2 = MultiplyShift30(x2, log2E, roundDown);
                x3 = MultiplyShift30(x3, log2E, roundDown);
                Lookup64(Tables.Exp, Vector512.ShiftRightLogical(x0, 8) & low8, Vector512.ShiftRightLogical(x1, 8) & low8,
                         Vector512.ShiftRightLogical(x2, 8) & low8, Vector512.ShiftRightLogical(x3, 8) & low8,
                         out Vector512<int> lo0, out Vector512<int> lo1, out Vector512<int> lo2, out Vector512<int> lo3,
                         out Vector512<int> d0, out Vector512<int> d1, out Vector512<int> d2, out Vector512<int> d3);
                Exp2(x0, lo0, d0).StoreUnsafe(ref e0, p0);
                Exp2(x1, lo1, d1).StoreUnsafe(ref e0, p1);
                Exp2(x2, lo2, d2).StoreUnsafe(ref e0, p2);
                Exp2(x3, lo3, d3).StoreUnsafe(ref e0, p3);
            }
        }

        /// <summary>
        /// <see cref="FixedExp.Exp2Q30"/> of −x (x ≥ 0, Q15.16) given lo = table[j] and d = table[j] − table[j + 1]
        /// for j = the top 8 bits of x's fraction.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<int> Exp2(Vector512<uint> x, Vector512<int> lo, Vector512<int> d)
        {
            Vector512<int> weight = (x & Vector512.Create(0xFFu)).AsInt32();
            Vector512<int> v = lo + Vector512.ShiftRightArithmetic(Vector512.Create(128) - d * weight, 8);   // in (2^29, 2^30]
            Vector512<uint> whole = Vector512.ShiftRightLogical(x, 16);
            Vector512<uint> n = Vector512.Min(whole, Vector512.Create(31u));
            Vector512<uint> half = Vector512.ShiftRightLogical(Avx512F.ShiftLeftLogicalVariable(Vector512<uint>.One, n), 1);
            Vector512<uint> rounded = Avx512F.ShiftRightLogicalVariable(v.AsUInt32() + half, n);   // v + half ≤ 2^31
            return (rounded & Vector512.LessThan(whole, Vector512.Create(31u))).AsInt32();
        }

        /// <summary>Pass 3: packed[k] = the loss of the k-th unit that responded, from its differences and exponentials.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Losses(int[] a, int[] e, int classes, int n, int stride, int label, int[] packed)
        {
            for (int k = 0; k < n; k += 4 * Lanes)
            {
                Vector512<uint> s0 = SumOver8(e, classes, stride, k);
                Vector512<uint> s1 = SumOver8(e, classes, stride, k + 16);
                Vector512<uint> s2 = SumOver8(e, classes, stride, k + 32);
                Vector512<uint> s3 = SumOver8(e, classes, stride, k + 48);
                Vector512<uint> z0 = Avx512CD.LeadingZeroCount(s0), z1 = Avx512CD.LeadingZeroCount(s1);
                Vector512<uint> z2 = Avx512CD.LeadingZeroCount(s2), z3 = Avx512CD.LeadingZeroCount(s3);
                Vector512<uint> m0 = Mantissa(s0, z0), m1 = Mantissa(s1, z1), m2 = Mantissa(s2, z2), m3 = Mantissa(s3, z3);
                Lookup64(Tables.Log, Vector512.ShiftRightLogical(m0, 8), Vector512.ShiftRightLogical(m1, 8),
                         Vector512.ShiftRightLogical(m2, 8), Vector512.ShiftRightLogical(m3, 8),
                         out Vector512<int> lo0, out Vector512<int> lo1, out Vector512<int> lo2, out Vector512<int> lo3,
                         out Vector512<int> d0, out Vector512<int> d1, out Vector512<int> d2, out Vector512<int> d3);
                ref int a0 = ref a[label * stride + k];
                ref int p0 = ref packed[k];
                Loss(m0, z0, lo0, d0, Vector512.LoadUnsafe(ref a0).AsUInt32()).StoreUnsafe(ref p0);
                Loss(m1, z1, lo1, d1, Vector512.LoadUnsafe(ref a0, 16).AsUInt32()).StoreUnsafe(ref p0, 16);
                Loss(m2, z2, lo2, d2, Vector512.LoadUnsafe(ref a0, 32).AsUInt32()).StoreUnsafe(ref p0, 32);
                Loss(m3, z3, lo3, d3, Vector512.LoadUnsafe(ref a0, 48).AsUInt32()).StoreUnsafe(ref p0, 48);
            }
        }

        /// <summary>
        /// Σ_o e[o·stride + k + lane] / 8, rounded down, exactly: H = Σ (e &gt;&gt; 3) and the wrapped Σ e give the low
        /// bits Σ (e &amp; 7) = (Σ e − 8H) mod 2^32. At most 16 terms of at most 2^30: below 2^31 + 1.
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
            Vector512<uint> ln = MultiplyShift30(log2, Vector512.Create((ulong)FixedLog.Ln2Q30).AsUInt32(), Vector512.Create(1UL << 29));
            // a_label < 2^32 (unsigned): ln + a_label, saturated at int.MaxValue
            Vector512<uint> sum = Vector512.Min(aLabel, Vector512.Create(1u << 31)) + ln;
            return Vector512.Min(sum, Vector512.Create((uint)int.MaxValue)).AsInt32();
        }

        /// <summary>⌊(x · k + add) / 2^30⌋ per lane for x·k + add &lt; 2^62 with a result below 2^32 (vpmuludq on even and odd lanes).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<uint> MultiplyShift30(Vector512<uint> x, Vector512<uint> k, Vector512<ulong> add)
        {
            Vector512<ulong> even = Avx512F.Multiply(x, k) + add;
            Vector512<ulong> odd = Avx512F.Multiply(Vector512.ShiftRightLogical(x.AsUInt64(), 32).AsUInt32(), k) + add;
            // the even lane's result is the low half of its 64 bits shifted right 30, the odd lane's the high half shifted left 2
            return Vector512.ConditionalSelect(Vector512.Create(0xFFFFFFFF_00000000UL).AsUInt32(), Vector512.ShiftLeft(odd, 2).AsUInt32(), Vector512.ShiftRightLogical(even, 30).AsUInt32());
        }


        /// <summary>
        /// lo = table[j] and d = |table[j + 1] − table[j]| for the 64 indices j (0..255) of four vectors,
        /// from the byte planes of <paramref name="planes"/> (<see cref="Planes"/>).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Lookup64(Vector512<byte>[] planes, Vector512<uint> j0, Vector512<uint> j1, Vector512<uint> j2, Vector512<uint> j3,
                                     out Vector512<int> lo0, out Vector512<int> lo1, out Vector512<int> lo2, out Vector512<int> lo3,
                                     out Vector512<int> d0, out Vector512<int> d1, out Vector512<int> d2, out Vector512<int> d3)
        {
            Vector512<byte> bytes = Vector512.Create(Vector256.Create(Avx512F.ConvertToVector128Byte(j0), Avx512F.ConvertToVector128Byte(j1)),
                                                     Vector256.Create(Avx512F.ConvertToVector128Byte(j2), Avx512F.ConvertToVector128Byte(j3)));
            Vector512<byte> index = Avx512Vbmi.PermuteVar64x8(bytes, Tables.Interleaved);
            Vector512<byte> upper = Vector512.LessThan(index.AsSByte(), Vector512<sbyte>.Zero).AsByte();   // j ≥ 128
            Interleave(Plane(planes, 0, index, upper), Plane(planes, 1, index, upper), Plane(planes, 2, index, upper), Plane(planes, 3, index, upper),
                       out lo0, out lo1, out lo2, out lo3);
            Interleave(Plane(planes, 4, index, upper), Plane(planes, 5, index, upper), Plane(planes, 6, index, upper), Vector512<byte>.Zero,
                       out d0, out d1, out d2, out d3);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<byte> Plane(Vector512<byte>[] planes, int plane, Vector512<byte> index, Vector512<byte> upper)
        {
            Vector512<byte> below = Avx512Vbmi.PermuteVar64x8x2(planes[4 * plane], index, planes[4 * plane + 1]);
            Vector512<byte> above = Avx512Vbmi.PermuteVar64x8x2(planes[4 * plane + 2], index, planes[4 * plane + 3]);
            return Vector512.ConditionalSelect(upper, above, below);
        }

        /// <summary>Bytes 0..3 of 64 int32 from four planes: x_m holds lanes 16m..16m+15 when the index bytes were <see cref="Interleaved"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Interleave(Vector512<byte> p0, Vector512<byte> p1, Vector512<byte> p2, Vector512<byte> p3,
                                       out Vector512<int> x0, out Vector512<int> x1, out Vector512<int> x2, out Vector512<int> x3)
        {
            Vector512<short> low01 = Avx512BW.UnpackLow(p0, p1).AsInt16(), high01 = Avx512BW.UnpackHigh(p0, p1).AsInt16();
            Vector512<short> low23 = Avx512BW.UnpackLow(p2, p3).AsInt16(), high23 = Avx512BW.UnpackHigh(p2, p3).AsInt16();
            x0 = Avx512BW.UnpackLow(low01, low23).AsInt32();
            x1 = Avx512BW.UnpackHigh(low01, low23).AsInt32();
            x2 = Avx512BW.UnpackLow(high01, high23).AsInt32();
            x3 = Avx512BW.UnpackHigh(high01, high23).AsInt32();
        }

        /// <summary>
        /// Byte p of entry j of the interleaves above comes from byte 16L + 4m + t of each 128-bit lane L, for
        /// lane 16m + 4L + t: the index of that lane must sit there.
        /// </summary>
        private static Vector512<byte> InterleavedOrder()
        {
            byte[] order = new byte[64];
            for (int l = 0; l < 4; l++)
                for (int m = 0; m < 4; m++)
                    for (int t = 0; t < 4; t++)
                        order[16 * l + 4 * m + t] = (byte)(16 * m + 4 * l + t);
            return Vector512.Create(order);
        }

        /// <summary>
        /// Seven byte planes of 256 entries (four vectors each) of a 257-entry table: bytes 0..3 of table[j], then
        /// bytes 0..2 of d[j] = table[j] − table[j + 1] (<paramref name="decreasing"/>) or table[j + 1] − table[j], below 2^24.
        /// </summary>
        private static Vector512<byte>[] Planes(int[] table, bool decreasing)
        {
            var planes = new Vector512<byte>[28];
            var bytes = new byte[256];
            for (int plane = 0; plane < 7; plane++)
            {
                for (int j = 0; j < 256; j++)
                {
                    int difference = decreasing ? table[j] - table[j + 1] : table[j + 1] - table[j];
                    if (difference < 0 || difference >= 1 << 24) throw new System.InvalidOperationException("table step out of range");
                    int value = plane < 4 ? table[j] : difference;
                    bytes[j] = (byte)(value >> (8 * (plane & 3)));
                }
                for (int q = 0; q < 4; q++) planes[4 * plane + q] = Vector512.Create(bytes, 64 * q);
            }
            return planes;
        }
    }
}
