namespace Edge.Core.Kernels
{
    /// <summary>Host-only: the fastest kernels this machine runs, each bit-identical to the portable one.</summary>
    public static class HostKernels
    {
        public static IDenseKernel Dense
        {
            get
            {
                if (DenseQ3_12Avx512.IsSupported) return DenseQ3_12Avx512.Instance;
                return DenseQ3_12Avx2.IsSupported ? DenseQ3_12Avx2.Instance : PortableDenseKernel.Instance;
            }
        }

        public static IWeightUpdateKernel Update
        {
            get
            {
                if (WeightUpdateAvx512.IsSupported) return WeightUpdateAvx512.Instance;
                return WeightUpdateAvx2.IsSupported ? WeightUpdateAvx2.Instance : PortableWeightUpdateKernel.Instance;
            }
        }

        /// <summary>Puts the fastest kernels on a network (before a learner is built on it).</summary>
        public static Model.Network Accelerate(Model.Network network)
        {
            network.Kernel = Dense;
            network.UpdateKernel = Update;
            return network;
        }
    }
}
