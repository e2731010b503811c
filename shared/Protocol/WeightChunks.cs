namespace Edge.Core.Protocol
{
    /// <summary>The chunks GET_WEIGHTS and PUT_WEIGHTS move a model's weight stream in.</summary>
    public static class WeightChunks
    {
        /// <summary>The most int16 weights one chunk moves (2000 bytes: fits a frame with its header).</summary>
        public const int MaxLength = 1000;
    }
}
