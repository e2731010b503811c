namespace Edge.Core.Numerics
{
    /// <summary>Integer square root (floor), bit by bit: the device has no System.Math.</summary>
    public static class IntSqrt
    {
        public static uint Floor(ulong x)
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
