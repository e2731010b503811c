namespace Edge.Core.Kernels
{
    /// <summary>Host-only: the fastest dense kernel this machine runs, bit-identical to the portable one.</summary>
    public static class HostKernels
    {
        public static IDenseKernel Dense
        {
            get { return DenseQ3_12Avx2.IsSupported ? DenseQ3_12Avx2.Instance : PortableDenseKernel.Instance; }
        }
    }
}
