using Edge.Core.Model;

namespace Edge.Core.Storage
{
    /// <summary>
    /// All weights and biases of a network as one int16 Q3.12 stream: layer 0's weights (row-major
    /// [out, in]), layer 0's biases, layer 1's weights, and so on. The model image stores this
    /// stream and GET/PUT_WEIGHTS move it in chunks, so a model of any size travels in small pieces.
    /// Range checks return 0 instead of throwing; nothing is allocated.
    /// </summary>
    public static class WeightStream
    {
        /// <summary>Length of the stream (the network's parameter count).</summary>
        public static int Count(Network network) { return network.ParameterCount; }

        /// <summary>Copies stream[offset .. offset+count) into destination[destinationOffset ..]; returns the values copied (0 if out of range).</summary>
        public static int Read(Network network, int offset, short[] destination, int destinationOffset, int count)
        {
            return Transfer(network, offset, destination, destinationOffset, count, false);
        }

        /// <summary>Overwrites stream[offset .. offset+count) from source[sourceOffset ..]; returns the values written (0 if out of range).</summary>
        public static int Write(Network network, int offset, short[] source, int sourceOffset, int count)
        {
            return Transfer(network, offset, source, sourceOffset, count, true);
        }

        private static int Transfer(Network network, int offset, short[] values, int valuesOffset, int count, bool toNetwork)
        {
            int total = network.ParameterCount;
            if (values == null || offset < 0 || count < 0 || valuesOffset < 0 || offset > total || count > total - offset
                || valuesOffset > values.Length || count > values.Length - valuesOffset) return 0;
            int done = 0;
            int segmentStart = 0;
            for (int l = 0; l < network.LayerCount && done < count; l++)
            {
                for (int part = 0; part < 2 && done < count; part++)
                {
                    short[] segment = part == 0 ? network.Weights[l] : network.Biases[l];
                    int segmentEnd = segmentStart + segment.Length;
                    int position = offset + done;
                    if (position < segmentEnd)
                    {
                        int from = position - segmentStart;
                        int n = segmentEnd - position;
                        if (n > count - done) n = count - done;
                        if (toNetwork) System.Array.Copy(values, valuesOffset + done, segment, from, n);
                        else System.Array.Copy(segment, from, values, valuesOffset + done, n);
                        done += n;
                    }
                    segmentStart = segmentEnd;
                }
            }
            return done;
        }
    }
}
