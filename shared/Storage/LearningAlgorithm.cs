namespace Edge.Core.Storage
{
    /// <summary>
    /// The learner a model trains with, as one byte in CONFIGURE bodies and model images: the one
    /// list of algorithms, with the one table of their names, which the host uses too.
    /// 0 is never valid, so a blank or zeroed field is rejected rather than read as a default.
    /// </summary>
    public static class LearningAlgorithm
    {
        /// <summary>Global activity perturbation ("ap").</summary>
        public const byte ActivityPerturbation = 1;
        /// <summary>Activity perturbation with local losses per hidden layer ("ap-local").</summary>
        public const byte ActivityPerturbationLocal = 2;
        /// <summary>Weight perturbation, SPSA ("wp").</summary>
        public const byte WeightPerturbation = 3;
        /// <summary>Only the output layer learns ("readout").</summary>
        public const byte ReadoutOnly = 4;
        /// <summary>Float backprop with Adam or SGD ("bp"): the host's reference, which no device runs.</summary>
        public const byte Backprop = 5;

        /// <summary>True for the algorithms a device (and the fixed-point learners) can train: 1..4, not <see cref="Backprop"/>.</summary>
        public static bool IsKnown(byte id) { return id >= ActivityPerturbation && id <= ReadoutOnly; }

        /// <summary>The CLI name ("ap", "ap-local", "wp", "readout", "bp"), or null for an unknown id.</summary>
        public static string? Name(byte id)
        {
            switch (id)
            {
                case ActivityPerturbation: return "ap";
                case ActivityPerturbationLocal: return "ap-local";
                case WeightPerturbation: return "wp";
                case ReadoutOnly: return "readout";
                case Backprop: return "bp";
                default: return null;
            }
        }

        /// <summary>The id of a CLI name, or 0 when unknown.</summary>
        public static byte FromName(string? name)
        {
            for (byte id = ActivityPerturbation; id <= Backprop; id++)
                if (Name(id) == name) return id;
            return 0;
        }
    }
}
