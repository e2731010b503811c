namespace Edge.Core.Storage
{
    /// <summary>The header fields of a model image (see <see cref="ModelImage"/>), reused across reads.</summary>
    public sealed class ModelImageHeader
    {
        /// <summary>Architecture, learner, hyperparameters, activation kind, init seed.</summary>
        public readonly ModelConfig Config = new ModelConfig();
        /// <summary>Serial number of the board that wrote the image.</summary>
        public uint Serial;
        /// <summary>Samples the model had been trained on when it was saved.</summary>
        public long SamplesSeen;
        /// <summary>Save counter: the valid image with the highest generation is the newest.</summary>
        public uint Generation;
        /// <summary>Bytes of the note after the weights (0: none; a board writes none).</summary>
        public int NoteLength;
        /// <summary>Weight exponent of layer l (<c>Network.WeightExponents</c>): its weights are Q(3+e).(12−e); 0 past the last layer.</summary>
        public readonly int[] WeightExponents = new int[ModelConfig.MaxLayers];

        /// <summary>Bytes of the whole image: header, weights, note and CRC-32.</summary>
        public int ImageLength { get { return ModelImage.ImageLength((int)Config.ParameterCount, NoteLength); } }

        public void CopyFrom(ModelImageHeader other)
        {
            Config.CopyFrom(other.Config);
            Serial = other.Serial;
            SamplesSeen = other.SamplesSeen;
            Generation = other.Generation;
            NoteLength = other.NoteLength;
            System.Array.Copy(other.WeightExponents, WeightExponents, WeightExponents.Length);
        }
    }
}
