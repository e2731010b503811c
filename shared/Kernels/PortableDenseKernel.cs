namespace Edge.Core.Kernels
{
    /// <summary>The portable reference kernel behind <see cref="IDenseKernel"/>.</summary>
    public sealed class PortableDenseKernel : IDenseKernel
    {
        public static readonly PortableDenseKernel Instance = new PortableDenseKernel();

        public void Forward(short[] weights, short[] bias, int weightExponent, short[] input, int inFrac, int inCount, int outCount, int[] preActivation)
        {
            DenseQ3_12.Forward(weights, bias, weightExponent, input, inFrac, inCount, outCount, preActivation);
        }
    }
}
