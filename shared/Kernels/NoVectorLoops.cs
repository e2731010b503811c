namespace Edge.Core.Kernels
{
    /// <summary>A device's <see cref="IVectorLoops"/>: no twin does anything, so the core's own loops do all.</summary>
    public sealed class NoVectorLoops : IVectorLoops
    {
        public static readonly NoVectorLoops Instance = new NoVectorLoops();

        public int Normalize(int[] exponentials, int count, long sum, int[] probabilities) { return 0; }

        public int Exponentials(int[] logits, int offset, int count, int max, int[] exponentials) { return 0; }

        public bool SoftmaxCrossEntropy(int[] logits, int offset, int count, int label, int[]? gradient, out int loss) { loss = 0; return false; }

        public bool AddSaturated(int[] a, int[] b, int[] sum) { return false; }

        public bool ReluResponse(int[] pre, int[] delta, short[] clean, short[] response) { return false; }

        public int MeanSquares(int[] gradient, long[] meanSquare, int units, int k) { return 0; }

        public int SumAndSquares(short[] input, int count, out long sum, out long squares) { sum = 0; squares = 0; return 0; }

        public int NormalizeSteps(int[] gradient, int[] reciprocal, int units) { return 0; }

        public bool DrawChunk(uint bits, short[] activation, bool activeOnly, int first, int end, int sigma, int[] delta, ref int perturbed) { return false; }

        public int AssignSigns(int[] delta, int first, int end, int slope, int[] estimate) { return first; }

        public int KeepResponding(int[] delta, short[] response, int units) { return 0; }

        public int EstimateEach(int[] delta, int units, int loss0, int sigma, int[] estimate) { return 0; }

        public int ColumnLosses(int[] clean, short[] weights, int weightExponent, int classes, int units, short[] response, int label, int[] losses,
                                int[]? cleanGradient, out int cleanLoss) { cleanLoss = 0; return -1; }
    }
}
