using Edge.Core.Numerics;

namespace Edge.Core.Kernels
{
    /// <summary>ReLU: Q15.16 pre-activation to Q4.11 activation, max(0, z), rounded, saturated at 16 − 2^-11.</summary>
    public sealed class Relu : IActivation
    {
        public static readonly Relu Instance = new Relu();

        public void Forward(int layer, int[] preActivation, short[] activation, int count)
        {
            const int shift = Q.ValueFrac - Q.ActivationFrac;
            for (int i = 0; i < count; i++)
            {
                int z = preActivation[i];
                // max(0, z) without a branch: the sign of z is as good as random
                activation[i] = Sat.ShiftRound16(z & ~(z >> 31), shift);
            }
        }
    }
}
