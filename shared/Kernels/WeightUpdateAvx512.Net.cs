using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Edge.Core.Kernels
{
    /// <summary>
    /// Host-only (net10.0, x86 AVX-512F) twin of <see cref="PortableWeightUpdateKernel"/>, bit-identical
    /// to it: 16 masters at a time, each product mantissa·x an exact int32 (vpmaddwd against {m, 0}),
    /// the rounding shift as (p + 2^(s−1)) &gt;&gt; s, which is what <c>Sat.ShiftRound</c> computes, and
    /// the int32 subtraction saturated by detecting signed overflow. Zero inputs are not skipped:
    /// they change nothing. A row's last partial 16 reuses the final 16 lanes, keeping those already
    /// done. Shifts outside 1..31 (never met with sane learning rates) and rows shorter than 16 go
    /// to the portable loop.
    /// </summary>
    public sealed class WeightUpdateAvx512 : IWeightUpdateKernel
    {
        public static readonly WeightUpdateAvx512 Instance = new WeightUpdateAvx512();

        private const int Lanes = 16;

        public static bool IsSupported
        {
            get { return Avx512BW.IsSupported && Vector512.IsHardwareAccelerated; }
        }

        public void SubtractScaledRow(int[] masters, int rowStart, short[] input, int count, int mantissa, int shift)
        {
            if (!IsSupported || shift < 1 || shift > 31 || count < Lanes)
            {
                PortableWeightUpdateKernel.Instance.SubtractScaledRow(masters, rowStart, input, count, mantissa, shift);
                return;
            }
            if ((uint)rowStart > (uint)masters.Length || masters.Length - rowStart < count || input.Length < count)
                throw new System.ArgumentException("arrays shorter than the row");
            ref short x0 = ref input[0];
            ref int w0 = ref masters[rowStart];
            // vpmaddwd of the sign-extended x (as int16 pairs {x, x's sign}) with {m, 0}: m·x exactly
            Vector512<short> m = Vector512.Create(mantissa & 0xFFFF).AsInt16();
            Vector512<int> half = Vector512.Create(1 << (shift - 1));
            Vector128<int> count128 = Vector128.CreateScalar(shift);
            Vector512<int> max = Vector512.Create(int.MaxValue);
            int j = 0;
            for (; j + Lanes <= count; j += Lanes)
                Vector512.StoreUnsafe(Update(Vector512.LoadUnsafe(ref w0, (nuint)j), Vector256.LoadUnsafe(ref x0, (nuint)j), m, half, count128, max), ref w0, (nuint)j);
            if (j < count)
            {
                // the last 16 masters, of which the first 16 − (count − j) are already done: keep those
                nuint last = (nuint)(count - Lanes);
                Vector512<int> w = Vector512.LoadUnsafe(ref w0, last);
                Vector512<int> fresh = Vector512.GreaterThanOrEqual(Vector512<int>.Indices, Vector512.Create(Lanes - (count - j)));
                Vector512<int> updated = Update(w, Vector256.LoadUnsafe(ref x0, last), m, half, count128, max);
                Vector512.ConditionalSelect(fresh, updated, w).StoreUnsafe(ref w0, last);
            }
        }

        public void SubtractScaledRows(int[] masters, short[] input, int count, int rows, int[] mantissas, int[] shifts)
        {
            if (!IsSupported || count < Lanes)
            {
                PortableWeightUpdateKernel.Instance.SubtractScaledRows(masters, input, count, rows, mantissas, shifts);
                return;
            }
            if (input.Length < count || masters.Length / count < rows || mantissas.Length < rows || shifts.Length < rows)
                throw new System.ArgumentException("arrays shorter than the layer");
            ref short x0 = ref input[0];
            Vector512<int> max = Vector512.Create(int.MaxValue);
            nuint last = (nuint)(count - Lanes);
            // the last 16 masters of a row, of which the first 16 − count % 16 are done by the main loop
            Vector512<int> fresh = Vector512.GreaterThanOrEqual(Vector512<int>.Indices, Vector512.Create(Lanes - count % Lanes));
            Vector256<short> xLast = Vector256.LoadUnsafe(ref x0, last);
            for (int o = 0; o < rows; o++)
            {
                int mantissa = mantissas[o];
                if (mantissa == 0) continue;
                int shift = shifts[o];
                if (shift < 1 || shift > 31)
                {
                    PortableWeightUpdateKernel.Instance.SubtractScaledRow(masters, o * count, input, count, mantissa, shift);
                    continue;
                }
                ref int w0 = ref masters[o * count];
                Vector512<short> m = Vector512.Create(mantissa & 0xFFFF).AsInt16();
                Vector512<int> half = Vector512.Create(1 << (shift - 1));
                Vector128<int> count128 = Vector128.CreateScalar(shift);
                int j = 0;
                for (; j + Lanes <= count; j += Lanes)
                    Vector512.StoreUnsafe(Update(Vector512.LoadUnsafe(ref w0, (nuint)j), Vector256.LoadUnsafe(ref x0, (nuint)j), m, half, count128, max), ref w0, (nuint)j);
                if (j < count)
                {
                    Vector512<int> w = Vector512.LoadUnsafe(ref w0, last);
                    Vector512.ConditionalSelect(fresh, Update(w, xLast, m, half, count128, max), w).StoreUnsafe(ref w0, last);
                }
            }
        }

        /// <summary>sat32(w − round(m·x / 2^shift)) on 16 lanes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<int> Update(Vector512<int> w, Vector256<short> x, Vector512<short> m, Vector512<int> half, Vector128<int> shift, Vector512<int> max)
        {
            Vector512<int> p = Avx512BW.MultiplyAddAdjacent(Avx512F.ConvertToVector512Int32(x).AsInt16(), m);   // |p| < 2^30
            // round to nearest, ties up: (p + 2^(s−1)) >> s, which cannot overflow for |p| < 2^30, s ≤ 31
            Vector512<int> r = Avx512F.ShiftRightArithmetic(p + half, shift);
            Vector512<int> d = w - r;
            // signed overflow of w − r: (w ^ r) & (w ^ d) has its sign bit set (vpternlogd 0x18)
            Vector512<int> overflow = Avx512F.ShiftRightArithmetic(Avx512F.TernaryLogic(w, r, d, 0x18), 31);
            Vector512<int> saturated = Avx512F.ShiftRightArithmetic(w, 31) ^ max;
            return Vector512.ConditionalSelect(overflow, saturated, d);
        }

        public void RoundToInt16(int[] masters, short[] values, int shift)
        {
            int count = values.Length;
            if (!IsSupported || shift < 1 || shift > 31 || count < Lanes)
            {
                PortableWeightUpdateKernel.Instance.RoundToInt16(masters, values, shift);
                return;
            }
            if (masters.Length < count) throw new System.ArgumentException("masters shorter than the values");
            ref int w0 = ref masters[0];
            ref short v0 = ref values[0];
            Vector512<int> one = Vector512<int>.One;
            int i = 0;
            for (; i + Lanes <= count; i += Lanes)
            {
                Vector512<int> w = Vector512.LoadUnsafe(ref w0, (nuint)i);
                Vector512<int> r = Vector512.ShiftRightArithmetic(w, shift) + (Vector512.ShiftRightArithmetic(w, shift - 1) & one);
                Avx512F.ConvertToVector256Int16WithSaturation(r).StoreUnsafe(ref v0, (nuint)i);   // vpmovsdw: sat16
            }
            for (; i < count; i++) values[i] = Numerics.Sat.ShiftRound16(masters[i], shift);
        }
    }
}
