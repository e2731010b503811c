namespace Edge.Core.Numerics
{
    /// <summary>
    /// The Q formats of Edge, in one place. Qm.n means m integer bits and n fractional bits
    /// beside the sign bit (ARM convention), so an int16 Q3.12 holds [-8, 8) in steps of 2^-12.
    ///
    /// Why these formats:
    /// - Weights and biases, int16 Q3.12, range [-8, 8), LSB 2.4e-4. Trained weights of small nets
    ///   mostly stay inside ±8; 12 fractional bits keep a 1-LSB weight error far below the noise of a
    ///   perturbation estimate. Updates smaller than one LSB are kept by master weights or
    ///   stochastic rounding (see the learners), not here. A layer whose weights outgrow ±8 (many
    ///   classes on few hidden units) gives up fractional bits: its weight exponent e makes it
    ///   Q(3+e).(12−e), one exponent for all weights and biases of the layer, raised by the learner
    ///   when a weight reaches the range's end and kept with the weights (0 everywhere else).
    /// - Inputs, int16 Q0.15 in [0, 1): an ADC code of up to 15 bits maps to it exactly
    ///   (code &lt;&lt; (15 - bits)); a 16-bit ADC loses its lowest bit.
    /// - Hidden activations, int16 Q4.11, range [-16, 16), LSB 4.9e-4, saturating.
    /// - Accumulators, int64: one int16 × int16 product is at most 2^30 in magnitude, so even a
    ///   fan-in of 2^33 products cannot wrap; a fan-in of 1024 at full scale reaches 2^40. On a
    ///   32-bit MCU the 64-bit add costs one extra add-with-carry per MAC, which buys a proof
    ///   instead of a hope.
    /// - Pre-activations and logits, int32 Q15.16, range ±32768, LSB 1.5e-5: the accumulator is
    ///   rounded and saturated into it once per unit. Perturbations σ·u are added here.
    /// - Probabilities, losses and loss gradients, int32 Q15.16 as well.
    /// - Internal exp/log tables, int32 Q1.30.
    /// </summary>
    public static class Q
    {
        /// <summary>Fractional bits of weights and biases (int16 Q3.12).</summary>
        public const int WeightFrac = 12;
        /// <summary>
        /// The largest weight exponent of a layer: Q7.8, ±128. It keeps every shift of the forward and
        /// column passes at least 3 (hidden inputs: 12 − e + 11 − 16).
        /// </summary>
        public const int MaxWeightExponent = 4;
        /// <summary>Fractional bits of inputs (int16 Q0.15).</summary>
        public const int InputFrac = 15;
        /// <summary>Fractional bits of hidden activations (int16 Q4.11).</summary>
        public const int ActivationFrac = 11;
        /// <summary>Fractional bits of pre-activations, logits, probabilities and losses (int32 Q15.16).</summary>
        public const int ValueFrac = 16;
        /// <summary>1.0 in Q15.16.</summary>
        public const int One16 = 1 << ValueFrac;
        /// <summary>1.0 in Q3.12.</summary>
        public const int OneWeight = 1 << WeightFrac;
        /// <summary>1.0 in Q4.11.</summary>
        public const int OneActivation = 1 << ActivationFrac;
        /// <summary>Fractional bits of the exp/log tables (int32 Q1.30).</summary>
        public const int TableFrac = 30;
        /// <summary>1.0 in Q1.30.</summary>
        public const int One30 = 1 << TableFrac;
    }
}
