using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Edge.Core.Kernels;
using Edge.Core.Numerics;

namespace Edge.Accelerated
{
    /// <summary>
    /// x86 AVX2 twin of <see cref="PortableWeightUpdateKernel"/> for machines
    /// without AVX-512, bit-identical to it: the commit packs 16 values with signed saturation. The
    /// batch's paired products and its recording run on the cross-platform <see cref="WeightUpdateVector128"/>
    /// (AVX2 lacks the 64-bit arithmetic shift, multiply and saturating narrowing the AVX-512 twin uses).
    /// </summary>
    public sealed class WeightUpdateAvx2 : IWeightUpdateKernel
    {
        public static readonly WeightUpdateAvx2 Instance = new WeightUpdateAvx2();

        private const int Lanes = 8;

        public static bool IsSupported { get { return Avx2.IsSupported; } }

        public void SubtractPairedProducts(int[] masters, int[] pairedInputs, int count, int rows, int pairCount, int[] pairs, int pairStride, int[] shifts)
        {
            WeightUpdateVector128.Instance.SubtractPairedProducts(masters, pairedInputs, count, rows, pairCount, pairs, pairStride, shifts);
        }

        public void PrepareRows(long[] steps, int units, int pairCount, int[] biases, int biasShift, int shiftBase, int[] pairs, int[] shifts)
        {
            PortableWeightUpdateKernel.Instance.PrepareRows(steps, units, pairCount, biases, biasShift, shiftBase, pairs, shifts);
        }

        public void PackInput(short[] input, int count, int[] pairedInputs, int rowStart, bool high)
        {
            WeightUpdateVector128.Instance.PackInput(input, count, pairedInputs, rowStart, high);
        }

        public void ScaleSteps(int[] gradient, int count, int learningRateQ16, int batchShift, long[] steps, int start)
        {
            WeightUpdateVector128.Instance.ScaleSteps(gradient, count, learningRateQ16, batchShift, steps, start);
        }

        public bool RoundToInt16(int[] masters, short[] values, int shift)
        {
            int count = values.Length;
            if (!IsSupported || shift < 1 || shift > 31 || count < 2 * Lanes)
                return PortableWeightUpdateKernel.Instance.RoundToInt16(masters, values, shift);
            if (masters.Length < count) throw new System.ArgumentException("masters shorter than the values");
            ref int w0 = ref masters[0];
            ref short v0 = ref values[0];
            Vector128<int> s = Vector128.CreateScalar(shift);
            Vector128<int> s1 = Vector128.CreateScalar(shift - 1);
            Vector256<int> one = Vector256<int>.One;
            Vector256<int> largest = Vector256<int>.Zero;   // |rounded| ≤ 2^30: no overflow
            int i = 0;
            for (; i + 2 * Lanes <= count; i += 2 * Lanes)
            {
                Vector256<int> a = Vector256.LoadUnsafe(ref w0, (nuint)i);
                Vector256<int> b = Vector256.LoadUnsafe(ref w0, (nuint)(i + Lanes));
                a = Avx2.ShiftRightArithmetic(a, s) + (Avx2.ShiftRightArithmetic(a, s1) & one);
                b = Avx2.ShiftRightArithmetic(b, s) + (Avx2.ShiftRightArithmetic(b, s1) & one);
                largest = Vector256.Max(largest, Vector256.Max(Vector256.Abs(a), Vector256.Abs(b)));
                // vpackssdw saturates to int16 within 128-bit halves; vpermq puts the four quarters in order
                Vector256<short> packed = Avx2.PackSignedSaturate(a, b);
                Avx2.Permute4x64(packed.AsInt64(), 0b11_01_10_00).AsInt16().StoreUnsafe(ref v0, (nuint)i);
            }
            return PortableWeightUpdateKernel.RoundRest(WeightUpdateVector128.MaxLane(largest.GetLower(), largest.GetUpper()), masters, values, i, shift);
        }
    }
}
