namespace Edge.Core.Numerics
{
    /// <summary>Integer square root (floor): the device has no System.Math.</summary>
    public static class IntSqrt
    {
        /// <summary>⌊√x⌋: the double square root corrected to the exact floor on a host (net10.0), <see cref="Portable"/> on a device.</summary>
        public static uint Floor(ulong x)
        {
#if NET
            // a double holds √x to within one unit for every ulong; step to the exact floor
            ulong r = (ulong)System.Math.Sqrt(x);
            if (r > uint.MaxValue) r = uint.MaxValue;
            while (r * r > x) r--;
            while (r < uint.MaxValue && (r + 1) * (r + 1) <= x) r++;
            return (uint)r;
#else
            return Portable(x);
#endif
        }

        /// <summary>The device's version, bit by bit.</summary>
        public static uint Portable(ulong x)
        {
            ulong result = 0;
            ulong bit = 1UL << 62;
            while (bit > x) bit >>= 2;
            while (bit != 0)
            {
                if (x >= result + bit)
                {
                    x -= result + bit;
                    result = (result >> 1) + bit;
                }
                else
                {
                    result >>= 1;
                }
                bit >>= 2;
            }
            return (uint)result;
        }
    }
}
