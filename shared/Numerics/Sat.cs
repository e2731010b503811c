namespace Edge.Core.Numerics
{
    /// <summary>
    /// Saturating arithmetic with explicit rounding. Every narrowing clamps to the target range
    /// instead of wrapping; every right shift rounds to nearest with ties toward +infinity (add
    /// half, then arithmetic shift), which is cheap and the same on every platform.
    /// </summary>
    public static class Sat
    {
        /// <summary>Clamps a 64-bit value into int16.</summary>
        public static short ToInt16(long x)
        {
            if (x > short.MaxValue) return short.MaxValue;
            if (x < short.MinValue) return short.MinValue;
            return (short)x;
        }

        /// <summary>
        /// Whether a value is within one LSB of the int16 range's end (≥ 32767 or ≤ −32767): where a layer's weights
        /// raise its weight exponent (Learning.WeightStore).
        /// </summary>
        public static bool AtInt16End(long x) { return x >= short.MaxValue || x <= -short.MaxValue; }

        /// <summary>Clamps a 64-bit value into int32.</summary>
        public static int ToInt32(long x)
        {
            if (x > int.MaxValue) return int.MaxValue;
            if (x < int.MinValue) return int.MinValue;
            return (int)x;
        }

        /// <summary>Saturating int16 addition.</summary>
        public static short Add16(short a, short b) { return ToInt16((long)a + b); }

        /// <summary>Saturating int32 addition.</summary>
        public static int Add32(int a, int b) { return ToInt32((long)a + b); }

        /// <summary>
        /// Arithmetic right shift of a 64-bit value by <paramref name="shift"/> bits (any count), rounded
        /// to nearest (half-way cases toward +infinity). A negative shift is a saturating left shift.
        /// </summary>
        public static long ShiftRound(long x, int shift)
        {
            // floor(x / 2^s) plus the highest dropped bit: the same as (x + 2^(s-1)) >> s, but the
            // add cannot overflow near long.MaxValue. Beyond 63 bits every long rounds to 0.
            if (shift > 63) return 0;
            if (shift > 0) return (x >> shift) + ((x >> (shift - 1)) & 1L);
            if (shift == 0) return x;
            return ShiftLeftSat64(x, -shift);
        }

        /// <summary>
        /// x / 2^shift rounded toward zero, as integer division by 2^shift rounds (an arithmetic shift
        /// alone rounds toward −infinity), for 0 ≤ shift ≤ 62.
        /// </summary>
        public static long ShiftTowardZero(long x, int shift)
        {
            return (x + ((x >> 63) & ((1L << shift) - 1))) >> shift;
        }

        /// <summary>Round-to-nearest right shift (negative: saturating left shift), saturated into int32.</summary>
        public static int ShiftRound32(long x, int shift) { return ToInt32(ShiftRound(x, shift)); }

        /// <summary>Round-to-nearest right shift (negative: saturating left shift), saturated into int16.</summary>
        public static short ShiftRound16(long x, int shift) { return ToInt16(ShiftRound(x, shift)); }

        /// <summary>Left shift that saturates instead of losing high bits.</summary>
        public static long ShiftLeftSat64(long x, int shift)
        {
            if (x == 0 || shift == 0) return x;
            if (shift >= 63) return x > 0 ? long.MaxValue : long.MinValue;
            long limit = long.MaxValue >> shift;
            if (x > limit) return long.MaxValue;
            if (x < -limit - 1) return long.MinValue;
            return x << shift;
        }

        /// <summary>
        /// Saturating fixed-point multiply: (a × b) &gt;&gt; shift, rounded to nearest, clamped to int32.
        /// For a in Qa.fa and b in Qb.fb the result is in Q.(fa + fb - shift).
        /// </summary>
        public static int Mul32(int a, int b, int shift) { return ToInt32(ShiftRound((long)a * b, shift)); }

        /// <summary>Saturating int16 multiply: (a × b) &gt;&gt; shift, rounded to nearest, clamped to int16.</summary>
        public static short Mul16(short a, short b, int shift) { return ToInt16(ShiftRound((long)a * b, shift)); }

        /// <summary>Clamps x into [lo, hi].</summary>
        public static int Clamp(int x, int lo, int hi)
        {
            if (x < lo) return lo;
            if (x > hi) return hi;
            return x;
        }
    }
}
