namespace Edge.Core.Numerics
{
    /// <summary>
    /// e^x and 2^x for x &lt;= 0 in fixed point, by the 2^x split: 2^-(n + f) = 2^-f &gt;&gt; n, with 2^-f
    /// from a 257-entry Q1.30 table over f in [0, 1] and linear interpolation between entries
    /// (relative error below 1e-6). Inputs Q15.16, results Q1.30 (1.0 = 2^30), never negative.
    /// </summary>
    public static class FixedExp
    {
        /// <summary>log2(e) in Q1.30, rounded.</summary>
        public const int Log2EQ30 = 1549082005;

        /// <summary>2^x for x &lt;= 0 given in Q15.16 (positive x is treated as 0); result in Q1.30.</summary>
        /// <remarks>
        /// Branch-free: a softmax calls it once per class with differences that change from sample to
        /// sample, and branches on them (which term is the maximum, how far the others are below it)
        /// would be mispredicted often. The result is round(v / 2^n) for the interpolated table value v
        /// and n = whole part of −x, and 0 for n &gt; 30, as a rounding shift would give.
        /// </remarks>
#if NET
        // a softmax calls it once per class: on a host, no call per class (nanoFramework has no such option)
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
#endif
        public static int Exp2Q30(long xQ16)
        {
            long a = -xQ16;
            a &= ~(a >> 63);                                   // max(−x, 0)
            long whole = a >> 16;
            int fraction = (int)(a & 0xFFFF);
            int index = fraction >> 8;
            int weight = fraction & 0xFF;
            int lo = Exp2NegTable[index];
            int hi = Exp2NegTable[index + 1];
            long v = lo + (((long)(hi - lo) * weight + 128) >> 8);
            long beyond = whole - 31;                          // ≥ 0: the result is 0
            int n = (int)(whole - (beyond & ~(beyond >> 63)));  // min(whole, 31), a valid shift count
            long rounded = (v + ((1L << n) >> 1)) >> n;         // round to nearest, ties up (v ≥ 0)
            return (int)(rounded & (beyond >> 63));
        }

        /// <summary>e^x for x &lt;= 0 given in Q15.16; result in Q1.30 (positive x is treated as 0).</summary>
        public static int ExpQ30(long xQ16)
        {
            // below −(2^31 − 1) the result is 0 anyway: clamp (without a branch) so the product fits
            long below = xQ16 + int.MaxValue;
            long x = xQ16 - (below & (below >> 63));
            long product = x * Log2EQ30;
            return Exp2Q30((product >> 30) + ((product >> 29) & 1));   // round(x · log2 e), Q15.16
        }

        /// <summary>2^(-j/256) in Q1.30 for j = 0..256.</summary>
        internal static readonly int[] Exp2NegTable =
        {
            1073741824, 1070838486, 1067942999, 1065055341, 1062175491, 1059303428, 1056439131, 1053582579,
            1050733751, 1047892626, 1045059183, 1042233401, 1039415261, 1036604740, 1033801819, 1031006477,
            1028218693, 1025438448, 1022665720, 1019900489, 1017142735, 1014392438, 1011649578, 1008914134,
            1006186087, 1003465416, 1000752102, 998046124, 995347464, 992656100, 989972014, 987295185,
            984625594, 981963222, 979308048, 976660054, 974019220, 971385527, 968758955, 966139485,
            963527098, 960921775, 958323496, 955732243, 953147997, 950570738, 948000448, 945437108,
            942880699, 940331203, 937788600, 935252872, 932724001, 930201967, 927686753, 925178340,
            922676710, 920181844, 917693724, 915212331, 912737649, 910269657, 907808339, 905353676,
            902905651, 900464244, 898029440, 895601218, 893179563, 890764456, 888355878, 885953814,
            883558244, 881169153, 878786521, 876410331, 874040567, 871677210, 869320244, 866969651,
            864625413, 862287515, 859955938, 857630665, 855311680, 852998965, 850692504, 848392279,
            846098274, 843810471, 841528855, 839253408, 836984114, 834720956, 832463917, 830212982,
            827968132, 825729353, 823496627, 821269938, 819049271, 816834607, 814625932, 812423229,
            810226483, 808035676, 805850792, 803671817, 801498734, 799331526, 797170178, 795014675,
            792865000, 790721137, 788583072, 786450787, 784324269, 782203500, 780088465, 777979150,
            775875538, 773777614, 771685363, 769598769, 767517817, 765442492, 763372778, 761308661,
            759250125, 757197155, 755149737, 753107854, 751071493, 749040637, 747015274, 744995386,
            742980960, 740971982, 738968435, 736970306, 734977579, 732990241, 731008277, 729031671,
            727060411, 725094480, 723133865, 721178552, 719228525, 717283772, 715344277, 713410026,
            711481005, 709557200, 707638598, 705725183, 703816941, 701913860, 700015924, 698123120,
            696235434, 694352853, 692475362, 690602947, 688735596, 686873293, 685016026, 683163781,
            681316545, 679474303, 677637043, 675804750, 673977412, 672155015, 670337545, 668524990,
            666717336, 664914570, 663116678, 661323648, 659535466, 657752119, 655973594, 654199878,
            652430958, 650666822, 648907455, 647152846, 645402981, 643657847, 641917433, 640181724,
            638450708, 636724373, 635002706, 633285695, 631573326, 629865587, 628162466, 626463950,
            624770026, 623080683, 621395908, 619715688, 618040012, 616368866, 614702239, 613040119,
            611382493, 609729349, 608080675, 606436459, 604796689, 603161352, 601530438, 599903933,
            598281827, 596664106, 595050760, 593441776, 591837143, 590236848, 588640881, 587049229,
            585461881, 583878825, 582300049, 580725543, 579155293, 577589290, 576027521, 574469975,
            572916640, 571367506, 569822560, 568281792, 566745190, 565212742, 563684439, 562160268,
            560640218, 559124278, 557612438, 556104685, 554601009, 553101399, 551605844, 550114332,
            548626854, 547143398, 545663953, 544188508, 542717053, 541249576, 539786068, 538326517,
            536870912,
        };
    }
}
