using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

using Edge.Core.Numerics;

namespace Edge.Accelerated
{
    /// <summary>
    /// x86 AVX-512 (F/BW/VBMI): <see cref="FixedExp"/> and the table half of <see cref="FixedLog"/>
    /// on 64 lanes at once, bit-identical to them, for the vector twins of the losses.
    /// .NET has no AVX-512 gather; instead a 256-entry table of int32 is cut into byte planes, each looked up
    /// for 64 lanes by two vpermi2b and a blend on the index's top bit, and the planes are interleaved back
    /// into int32 (the indices are permuted first so that the interleave gives the lanes in order). About
    /// three times faster here than AVX2 gathers or dword permutes. A table's interpolation needs the next
    /// entry too: the planes hold each entry and its step to the next (below 2^24, three bytes).
    /// </summary>
    internal static class FixedVectors
    {
        public static bool IsSupported
        {
            get { return Avx512BW.IsSupported && Avx512Vbmi.IsSupported && Vector512.IsHardwareAccelerated; }
        }

        /// <summary>
        /// Byte planes of FixedExp's 2^−f table (<see cref="Planes"/>), for <see cref="Exp"/>. A twin reads them once, at its
        /// top, and hands them down: code compiled before this class is initialised would check for it at every use.
        /// </summary>
        public static Vector512<byte>[] ExpPlanes { get { return Tables.Exp; } }

        /// <summary>Byte planes of FixedLog's log2 table, for <see cref="Lookup"/>.</summary>
        public static Vector512<byte>[] LogPlanes { get { return Tables.Log; } }

        /// <summary>The tables, built on first use (never on a host that cannot run them).</summary>
        private static class Tables
        {
            public static readonly Vector512<byte>[] Exp = Planes(FixedExp.Exp2NegTable, decreasing: true);
            public static readonly Vector512<byte>[] Log = Planes(FixedLog.Log2Table, decreasing: false);
        }

        /// <summary>
        /// e_i = <see cref="FixedExp.ExpQ30"/>(−a_i) for a_i, unsigned, in four vectors (a = max − z of a softmax, exact
        /// as an unsigned int32 even where z − max is below −2^31).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Exp(Vector512<byte>[] expPlanes, Vector512<uint> a0, Vector512<uint> a1, Vector512<uint> a2, Vector512<uint> a3,
                               out Vector512<int> e0, out Vector512<int> e1, out Vector512<int> e2, out Vector512<int> e3)
        {
            Vector512<uint> x0 = Exp2Argument(a0), x1 = Exp2Argument(a1), x2 = Exp2Argument(a2), x3 = Exp2Argument(a3);
            Vector512<uint> low8 = Vector512.Create(0xFFu);
            Lookup(expPlanes, Vector512.ShiftRightLogical(x0, 8) & low8, Vector512.ShiftRightLogical(x1, 8) & low8,
                   Vector512.ShiftRightLogical(x2, 8) & low8, Vector512.ShiftRightLogical(x3, 8) & low8,
                   out Vector512<int> lo0, out Vector512<int> lo1, out Vector512<int> lo2, out Vector512<int> lo3,
                   out Vector512<int> d0, out Vector512<int> d1, out Vector512<int> d2, out Vector512<int> d3);
            e0 = Exp2(x0, lo0, d0);
            e1 = Exp2(x1, lo1, d1);
            e2 = Exp2(x2, lo2, d2);
            e3 = Exp2(x3, lo3, d3);
        }

        /// <summary>As the four-vector <see cref="Exp(Vector512{byte}[], Vector512{uint}, Vector512{uint}, Vector512{uint}, Vector512{uint}, out Vector512{int}, out Vector512{int}, out Vector512{int}, out Vector512{int})"/>, for one vector (a softmax's logits): the look-up serves 64 lanes either way, the arithmetic runs once.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<int> Exp(Vector512<byte>[] expPlanes, Vector512<uint> a)
        {
            Vector512<uint> x = Exp2Argument(a);
            Vector512<uint> j = Vector512.ShiftRightLogical(x, 8) & Vector512.Create(0xFFu);
            Lookup(expPlanes, j, j, j, j, out Vector512<int> lo, out _, out _, out _, out Vector512<int> d, out _, out _, out _);
            return Exp2(x, lo, d);
        }

        /// <summary>
        /// x = −round(−a · log2 e) with ties up = ⌊(a · log2 e + 2^29 − 1) / 2^30⌋, Q15.16, below 2^22: the argument of 2^−x.
        /// ExpQ30 clamps −a at −(2^31 − 1); every a ≥ 2^21 gives 0 either way (a·log2 e ≥ 46·2^16), so a is clamped there,
        /// and the product stays under 2^52.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<uint> Exp2Argument(Vector512<uint> a)
        {
            return MultiplyShift30(Vector512.Min(a, Vector512.Create(1u << 21)), Vector512.Create((ulong)FixedExp.Log2EQ30).AsUInt32(),
                                   Vector512.Create((1UL << 29) - 1));
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
            // n = the whole part, below 47 here; 2^−n rounds to 0 from n = 31 on: n | ((n + 1) & 32) keeps n up to 30 and
            // makes 31 and above a count of 32 or more, which vpsllvd and vpsrlvd turn into 0
            Vector512<uint> whole = Vector512.ShiftRightLogical(x, 16);
            Vector512<uint> n = whole | ((whole + Vector512<uint>.One) & Vector512.Create(32u));
            Vector512<uint> half = Vector512.ShiftRightLogical(Avx512F.ShiftLeftLogicalVariable(Vector512<uint>.One, n), 1);
            return Avx512F.ShiftRightLogicalVariable(v.AsUInt32() + half, n).AsInt32();   // v + half ≤ 2^31
        }

        /// <summary>⌊(x · k + add) / 2^30⌋ per lane for x·k + add &lt; 2^62 with a result below 2^32 (vpmuludq on even and odd lanes).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<uint> MultiplyShift30(Vector512<uint> x, Vector512<uint> k, Vector512<ulong> add)
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
        public static void Lookup(Vector512<byte>[] planes, Vector512<uint> j0, Vector512<uint> j1, Vector512<uint> j2, Vector512<uint> j3,
                                  out Vector512<int> lo0, out Vector512<int> lo1, out Vector512<int> lo2, out Vector512<int> lo3,
                                  out Vector512<int> d0, out Vector512<int> d1, out Vector512<int> d2, out Vector512<int> d3)
        {
            Vector512<byte> bytes = Vector512.Create(Vector256.Create(Avx512F.ConvertToVector128Byte(j0), Avx512F.ConvertToVector128Byte(j1)),
                                                     Vector256.Create(Avx512F.ConvertToVector128Byte(j2), Avx512F.ConvertToVector128Byte(j3)));
            // the interleaves below take byte 16L + 4m + t of each 128-bit lane L for lane 16m + 4L + t: that lane's index must sit there
            Vector512<byte> order = Vector512.Create((byte)0, 1, 2, 3, 16, 17, 18, 19, 32, 33, 34, 35, 48, 49, 50, 51, 4, 5, 6, 7, 20, 21, 22, 23, 36, 37, 38, 39, 52, 53, 54, 55, 8, 9, 10, 11, 24, 25, 26, 27, 40, 41, 42, 43, 56, 57, 58, 59, 12, 13, 14, 15, 28, 29, 30, 31, 44, 45, 46, 47, 60, 61, 62, 63);
            Vector512<byte> index = Avx512Vbmi.PermuteVar64x8(bytes, order);
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

        /// <summary>Bytes 0..3 of 64 int32 from four planes: x_m holds lanes 16m..16m+15 when the index bytes were put in the order of <see cref="Lookup"/>.</summary>
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
