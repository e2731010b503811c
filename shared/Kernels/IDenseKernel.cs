namespace Edge.Core.Kernels
{
    /// <summary>
    /// A dense-layer forward kernel with the contract of <see cref="DenseQ3_12.Forward"/>. The portable
    /// kernel (<see cref="PortableDenseKernel"/>) is the reference and what a device runs; a host may plug in an
    /// accelerated twin (through <see cref="KernelSet"/>) that must be bit-identical.
    /// </summary>
    public interface IDenseKernel
    {
        void Forward(short[] weights, short[] bias, int weightExponent, short[] input, int inFrac, int inCount, int outCount, int[] preActivation);
    }
}
