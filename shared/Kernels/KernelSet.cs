namespace Edge.Core.Kernels
{
    /// <summary>
    /// The kernels a network and the learners built on it run: the dense forward kernel, the loops of master-weight
    /// updates and the vector twins of the per-unit loops. This is the one place where a host plugs in accelerated
    /// kernels (each bit-identical to the portable reference); a device keeps <see cref="Portable"/>. A learner reads
    /// the set of its network when it is built.
    /// </summary>
    public sealed class KernelSet
    {
        /// <summary>The portable reference kernels: what a device runs.</summary>
        public static readonly KernelSet Portable = new KernelSet(PortableDenseKernel.Instance, PortableWeightUpdateKernel.Instance, NoVectorLoops.Instance);

        public readonly IDenseKernel Dense;
        public readonly IWeightUpdateKernel Update;
        public readonly IVectorLoops Loops;

        public KernelSet(IDenseKernel dense, IWeightUpdateKernel update, IVectorLoops loops)
        {
            if (dense == null || update == null || loops == null) throw new System.ArgumentNullException("dense, update and loops are all needed");
            Dense = dense;
            Update = update;
            Loops = loops;
        }
    }
}
