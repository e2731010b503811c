using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using Edge.Accelerated;
using Edge.Core.Kernels;

namespace Edge.Tests.AcceleratedTwins;

/// <summary>The host plugs in the kernels its instruction set runs: the twin tests prove little if it runs the portable ones.</summary>
public class ThisMachineTests
{
    [Fact]
    public void ThisMachine_RunsTheAcceleratedKernels()
    {
        // Not a requirement of the code (twins fall back), but the other tests prove little without it.
        KernelSet set = HostKernels.Set;
        switch (RuntimeInformation.ProcessArchitecture)
        {
            case Architecture.X64:
                Assert.True(Avx2.IsSupported, "AVX2 missing: the twin tests only compared the portable kernel with itself");
                if (Avx512BW.IsSupported && Avx512DQ.IsSupported && Vector512.IsHardwareAccelerated)
                {
                    Assert.Equal("AVX-512", HostKernels.Isa);
                    Assert.IsType<DenseQ3_12Avx512>(set.Dense);
                    Assert.IsType<WeightUpdateAvx512>(set.Update);
                    Assert.IsType<VectorLoopsAvx512>(set.Loops);
                }
                else
                {
                    Assert.Equal("AVX2", HostKernels.Isa);
                    Assert.IsType<DenseQ3_12Avx2>(set.Dense);
                    Assert.IsType<WeightUpdateAvx2>(set.Update);
                    Assert.IsType<VectorLoops128>(set.Loops);
                }
                break;
            case Architecture.Arm64:
                Assert.True(AdvSimd.IsSupported && Vector128.IsHardwareAccelerated, "AdvSimd missing on ARM64");
                Assert.Equal("AdvSimd", HostKernels.Isa);
                Assert.IsType<DenseQ3_12Vector128>(set.Dense);
                Assert.IsType<WeightUpdateVector128>(set.Update);
                Assert.IsType<VectorLoops128>(set.Loops);
                break;
            default:
                Assert.Fail($"no accelerated kernels are chosen for {RuntimeInformation.ProcessArchitecture}: {HostKernels.Describe()}");
                break;
        }
    }
}
