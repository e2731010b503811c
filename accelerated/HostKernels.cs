using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Edge.Core.Kernels;
using Edge.Core.Model;

namespace Edge.Accelerated
{
    /// <summary>
    /// The fastest kernels this machine runs, each bit-identical to the portable one, as the <see cref="KernelSet"/> the
    /// core takes: on x86 with AVX-512 the AVX-512 twins, with AVX2 the AVX2 ones (and the Vector128 loops); elsewhere
    /// (ARM64's AdvSimd, or any other vector unit .NET drives) the cross-platform Vector128 twins; with none, the portable set.
    /// </summary>
    public static class HostKernels
    {
        /// <summary>The dense kernel of <see cref="Set"/>.</summary>
        public static IDenseKernel Dense
        {
            get
            {
                if (DenseQ3_12Avx512.IsSupported) return DenseQ3_12Avx512.Instance;
                if (DenseQ3_12Avx2.IsSupported) return DenseQ3_12Avx2.Instance;
                return DenseQ3_12Vector128.IsSupported ? DenseQ3_12Vector128.Instance : PortableDenseKernel.Instance;
            }
        }

        /// <summary>The weight-update kernel of <see cref="Set"/>.</summary>
        public static IWeightUpdateKernel Update
        {
            get
            {
                if (WeightUpdateAvx512.IsSupported) return WeightUpdateAvx512.Instance;
                if (WeightUpdateAvx2.IsSupported) return WeightUpdateAvx2.Instance;
                return WeightUpdateVector128.IsSupported ? WeightUpdateVector128.Instance : PortableWeightUpdateKernel.Instance;
            }
        }

        /// <summary>The vector loops of <see cref="Set"/>.</summary>
        public static IVectorLoops Loops
        {
            get
            {
                if (VectorLoopsAvx512.IsSupported) return VectorLoopsAvx512.Instance;
                return VectorLoops128.IsSupported ? VectorLoops128.Instance : NoVectorLoops.Instance;
            }
        }

        private static KernelSet? _set;

        /// <summary>The fastest kernel set here (made once).</summary>
        public static KernelSet Set { get { return _set ??= new KernelSet(Dense, Update, Loops); } }

        /// <summary>Puts the fastest kernels on a network (before a learner is built on it).</summary>
        public static Network Accelerate(Network network)
        {
            network.Kernels = Set;
            return network;
        }

        /// <summary>The vector instruction set the kernels of <see cref="Set"/> were chosen for: "AVX-512", "AVX2", "AdvSimd", "Vector128" or "none".</summary>
        public static string Isa
        {
            get
            {
                if (DenseQ3_12Avx512.IsSupported) return "AVX-512";
                if (DenseQ3_12Avx2.IsSupported) return "AVX2";
                if (!Vector128.IsHardwareAccelerated) return "none";
                return System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported ? "AdvSimd" : "Vector128";
            }
        }

        /// <summary>One line for a report: the ISA, the process architecture and the three kernels' names.</summary>
        public static string Describe()
        {
            KernelSet set = Set;
            return Isa + " on " + RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant() + ": " + set.Dense.GetType().Name + ", "
                   + set.Update.GetType().Name + ", " + set.Loops.GetType().Name;
        }
    }
}
