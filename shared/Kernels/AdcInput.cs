using Edge.Core.Numerics;

namespace Edge.Core.Kernels
{
    /// <summary>
    /// ADC codes (unsigned, <c>bits</c> wide) to network inputs in int16 Q0.15, i.e. code / 2^bits:
    /// exact for converters of up to 15 bits; a 16-bit code is rounded to 15 bits and saturated.
    /// </summary>
    public static class AdcInput
    {
        public static void ToQ0_15(int[] codes, int bits, short[] input, int count)
        {
            int shift = Q.InputFrac - bits;
            for (int i = 0; i < count; i++)
            {
                int code = codes[i];
                if (code < 0) code = 0;
                input[i] = shift >= 0 ? Sat.ToInt16((long)code << shift) : Sat.ShiftRound16(code, -shift);
            }
        }
    }
}
