using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Edge.Core.Model
{
    /// <summary>
    /// Host-only (net10.0, x86 AVX-512F/BW) twins of the perturbed pass's saturating add, bit-identical to Sat.Add32,
    /// and of a ReLU layer's measured responses: sat16(relu(sat32(z + δ)) − h) on 16 units at once, with ReLU's
    /// rounding shift and vpmovsdw for its saturation, and vpsubsw for the response's.
    /// </summary>
    public sealed partial class Network
    {
        partial void PerturbedResponseAccelerated(int layer, int[] delta, short[] response, ref bool done)
        {
            const int Lanes = 16;
            const int shift = Numerics.Q.ValueFrac - Numerics.Q.ActivationFrac;
            if (!(Activation is Kernels.Relu) || NormalizeHidden || !Avx512BW.IsSupported || !Vector512.IsHardwareAccelerated) return;
            int[] pre = PreActivations[layer];
            short[] clean = Hidden[layer];
            int count = clean.Length;
            if (count < Lanes || delta.Length < count || response.Length < count) return;
            Vector512<int> max = Vector512.Create(int.MaxValue);
            for (int i = 0; ; i += Lanes)
            {
                if (i + Lanes > count) i = count - Lanes;   // the last 16, overlapping: the same values again
                Vector512<int> x = Vector512.LoadUnsafe(ref pre[i]);
                Vector512<int> y = Vector512.LoadUnsafe(ref delta[i]);
                Vector512<int> s = x + y;
                Vector512<int> overflow = Avx512F.ShiftRightArithmetic((x ^ s) & (y ^ s), 31);
                Vector512<int> z = Vector512.ConditionalSelect(overflow, Avx512F.ShiftRightArithmetic(x, 31) ^ max, s);
                z = Vector512.Max(z, Vector512<int>.Zero);
                // Sat.ShiftRound16(z, 5): (z >> 5) + bit 4, then the int16 saturation
                Vector512<int> rounded = Vector512.ShiftRightArithmetic(z, shift) + (Vector512.ShiftRightArithmetic(z, shift - 1) & Vector512<int>.One);
                Vector256<short> h = Avx512F.ConvertToVector256Int16WithSaturation(rounded);
                Avx2.SubtractSaturate(h, Vector256.LoadUnsafe(ref clean[i])).StoreUnsafe(ref response[i]);
                if (i + Lanes >= count) break;
            }
            done = true;
        }

        static partial void AddSaturatedAccelerated(int[] a, int[] b, int[] sum, ref bool done)
        {
            const int Lanes = 16;
            int count = sum.Length;
            if (!Avx512F.IsSupported || !Vector512.IsHardwareAccelerated || count < Lanes || a.Length < count || b.Length < count) return;
            Vector512<int> max = Vector512.Create(int.MaxValue);
            for (int i = 0; ; i += Lanes)
            {
                if (i + Lanes > count) i = count - Lanes;   // the last 16, overlapping: the same values again
                Vector512<int> x = Vector512.LoadUnsafe(ref a[i]);
                Vector512<int> y = Vector512.LoadUnsafe(ref b[i]);
                Vector512<int> s = x + y;
                // signed overflow: x and y agree in sign and s does not
                Vector512<int> overflow = Avx512F.ShiftRightArithmetic((x ^ s) & (y ^ s), 31);
                Vector512.ConditionalSelect(overflow, Avx512F.ShiftRightArithmetic(x, 31) ^ max, s).StoreUnsafe(ref sum[i]);
                if (i + Lanes >= count) break;
            }
            done = true;
        }
    }
}
