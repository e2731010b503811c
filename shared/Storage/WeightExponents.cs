namespace Edge.Core.Storage
{
    /// <summary>
    /// The layers' weight exponents (<c>Network.WeightExponents</c>) as one u16, as the model image and the weight
    /// messages carry them: 4 bits per layer, layer 0 in the lowest. 0 means every layer is Q3.12.
    /// </summary>
    public static class WeightExponents
    {
        /// <summary>The exponents of layers [0, <paramref name="layers"/>) packed; each must be in 0..<see cref="Numerics.Q.MaxWeightExponent"/>.</summary>
        public static int Pack(int[] exponents, int layers)
        {
            int packed = 0;
            for (int l = 0; l < layers; l++) packed |= exponents[l] << (4 * l);
            return packed;
        }

        /// <summary>
        /// Unpacks <paramref name="packed"/> into exponents[0 .. layers); false (nothing written) when an exponent is
        /// beyond <see cref="Numerics.Q.MaxWeightExponent"/> or a layer past <paramref name="layers"/> has one.
        /// </summary>
        public static bool Unpack(int packed, int layers, int[] exponents)
        {
            if (packed < 0 || packed > 0xFFFF || layers < 1 || layers > ModelConfig.MaxLayers) return false;
            if (layers < ModelConfig.MaxLayers && (packed >> (4 * layers)) != 0) return false;
            for (int l = 0; l < layers; l++)
                if (((packed >> (4 * l)) & 0xF) > Numerics.Q.MaxWeightExponent) return false;
            for (int l = 0; l < layers; l++) exponents[l] = (packed >> (4 * l)) & 0xF;
            return true;
        }
    }
}
