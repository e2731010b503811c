namespace Edge.Core.Storage
{
    /// <summary>Which hidden nonlinearity a model was configured with (recorded in the model image).</summary>
    public static class ActivationKind
    {
        /// <summary>The digital ReLU of Edge.Core.</summary>
        public const byte Relu = 0;
        /// <summary>The board's own physical (analog) transfer curve, unknown to the firmware.</summary>
        public const byte BoardPhysical = 1;

        public static bool IsKnown(byte kind) { return kind <= BoardPhysical; }
    }
}
