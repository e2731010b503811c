using Edge.Core.Numerics;

namespace Edge.Core.Kernels
{
    /// <summary>Hard tanh: Q15.16 pre-activation to Q4.11 activation, clamp(z, −1, 1), rounded.</summary>
    public sealed class HardTanh : IActivation
    {
        public static readonly HardTanh Instance = new HardTanh();

        public void Forward(int layer, int[] preActivation, short[] activation, int count)
        {
            const int shift = Q.ValueFrac - Q.ActivationFrac;
            for (int i = 0; i < count; i++)
            {
                int z = Sat.Clamp(preActivation[i], -Q.One16, Q.One16);
                activation[i] = Sat.ShiftRound16(z, shift);
            }
        }
    }
}
