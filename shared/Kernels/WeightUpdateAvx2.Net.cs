using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Edge.Core.Kernels
{
    /// <summary>
    /// Host-only (net10.0, x86 AVX2) twin of <see cref="PortableWeightUpdateKernel"/> for machines
    /// without AVX-512, bit-identical to it: the same arithmetic as <see cref="WeightUpdateAvx512"/>
    /// on 8 masters at a time (vpmaddwd against {m, 0}, (p + 2^(s−1)) &gt;&gt; s, overflow-detected
    /// saturating subtraction; the commit packs 16 values with signed saturation).
    /// </summary>
    public sealed class WeightUpdateAvx2 : IWeightUpdateKernel
    {
        public static readonly WeightUpdateAvx2 Instance = new WeightUpdateAvx2();

        private const int Lanes = 8;

        public static bool IsSupported { get { return Avx2.IsSupported; } }

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
            Vector256<short> m = Vector256.Create(mantissa & 0xFFFF).AsInt16();
            Vector256<int> half = Vector256.Create(1 << (shift - 1));
            Vector128<int> count128 = Vector128.CreateScalar(shift);
            Vector256<int> max = Vector256.Create(int.MaxValue);
            int j = 0;
            for (; j + Lanes <= count; j += Lanes)
                Update(Vector256.LoadUnsafe(ref w0, (nuint)j), Vector128.LoadUnsafe(ref x0, (nuint)j), m, half, count128, max).StoreUnsafe(ref w0, (nuint)j);
            if (j < count)
            {
                // the last 8 masters, of which the first 8 − (count − j) are already done: keep those
                nuint last = (nuint)(count - Lanes);
                Vector256<int> w = Vector256.LoadUnsafe(ref w0, last);
                Vector256<int> fresh = Vector256.GreaterThanOrEqual(Vector256<int>.Indices, Vector256.Create(Lanes - (count - j)));
                Vector256<int> updated = Update(w, Vector128.LoadUnsafe(ref x0, last), m, half, count128, max);
                Vector256.ConditionalSelect(fresh, updated, w).StoreUnsafe(ref w0, last);
            }
        }

        /// <summary>sat32(w − round(m·x / 2^shift)) on 8 lanes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<int> Update(Vector256<int> w, Vector128<short> x, Vector256<short> m, Vector256<int> half, Vector128<int> shift, Vector256<int> max)
        {
            Vector256<int> p = Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int32(x).AsInt16(), m);   // |p| < 2^30
            Vector256<int> r = Avx2.ShiftRightArithmetic(p + half, shift);
            Vector256<int> d = w - r;
            Vector256<int> overflow = Avx2.ShiftRightArithmetic((w ^ r) & (w ^ d), 31);
            Vector256<int> saturated = Avx2.ShiftRightArithmetic(w, 31) ^ max;
            return Vector256.ConditionalSelect(overflow, saturated, d);
        }

        public void SubtractScaledRows(int[] masters, short[] input, int count, int rows, int[] mantissas, int[] shifts)
        {
            for (int o = 0; o < rows; o++)
                if (mantissas[o] != 0) SubtractScaledRow(masters, o * count, input, count, mantissas[o], shifts[o]);
        }

        public void RoundToInt16(int[] masters, short[] values, int shift)
        {
            int count = values.Length;
            if (!IsSupported || shift < 1 || shift > 31 || count < 2 * Lanes)
            {
                PortableWeightUpdateKernel.Instance.RoundToInt16(masters, values, shift);
                return;
            }
            if (masters.Length < count) throw new System.ArgumentException("masters shorter than the values");
            ref int w0 = ref masters[0];
            ref short v0 = ref values[0];
            Vector128<int> s = Vector128.CreateScalar(shift);
            Vector128<int> s1 = Vector128.CreateScalar(shift - 1);
            Vector256<int> one = Vector256<int>.One;
            int i = 0;
            for (; i + 2 * Lanes <= count; i += 2 * Lanes)
            {
                Vector256<int> a = Vector256.LoadUnsafe(ref w0, (nuint)i);
                Vector256<int> b = Vector256.LoadUnsafe(ref w0, (nuint)(i + Lanes));
                a = Avx2.ShiftRightArithmetic(a, s) + (Avx2.ShiftRightArithmetic(a, s1) & one);
                b = Avx2.ShiftRightArithmetic(b, s) + (Avx2.ShiftRightArithmetic(b, s1) & one);
                // vpackssdw saturates to int16 within 128-bit halves; vpermq puts the four quarters in order
                Vector256<short> packed = Avx2.PackSignedSaturate(a, b);
                Avx2.Permute4x64(packed.AsInt64(), 0b11_01_10_00).AsInt16().StoreUnsafe(ref v0, (nuint)i);
            }
            for (; i < count; i++) values[i] = Numerics.Sat.ShiftRound16(masters[i], shift);
        }
    }
}
