using Edge.Host.Data;
using Xunit;

namespace Edge.Tests.Data;

public class AdcEncoderTests
{
    private static float[] Ramp(int count, float from, float to)
    {
        var x = new float[count];
        for (int i = 0; i < count; i++) x[i] = from + (to - from) * i / (count - 1);
        return x;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(12)]
    [InlineData(16)]
    public void Codes_stay_in_range_even_for_noisy_out_of_range_inputs(int bits)
    {
        var encoder = new AdcEncoder(bits, noiseLsb: 5, seed: 1);
        float[] x = Ramp(101, -0.2f, 1.2f);
        var codes = new int[x.Length];
        int max = (1 << bits) - 1;
        for (int call = 0; call < 50; call++)
        {
            encoder.Encode(x, codes);
            Assert.All(codes, c => Assert.InRange(c, 0, max));
        }
        if (bits >= 8) // 5 LSB of noise cannot pull 0.2 full scale beyond the rails back inside
        {
            Assert.Equal(0, codes[0]);
            Assert.Equal(max, codes[^1]);
        }
    }

    [Fact]
    public void Zero_noise_is_exact_half_up_rounding()
    {
        var encoder = new AdcEncoder(12, noiseLsb: 0, seed: 1);
        float[] x = Ramp(1001, 0f, 1f);
        var codes = new int[x.Length];
        var quantized = new int[x.Length];
        encoder.Encode(x, codes);
        AdcEncoder.Quantize(x, 12, quantized);
        for (int i = 0; i < x.Length; i++)
            Assert.Equal((int)Math.Floor(x[i] * 4095.0 + 0.5), codes[i]);
        Assert.Equal(codes, quantized);
        Assert.Equal(0, AdcEncoder.Quantize(0f, 12));
        Assert.Equal(4095, AdcEncoder.Quantize(1f, 12));
        Assert.Equal(2048, AdcEncoder.Quantize(0.5f, 12)); // 2047.5 rounds up
        Assert.Equal(1, AdcEncoder.Quantize(0.5f, 1));
        Assert.Equal(0, AdcEncoder.Quantize(0.49f, 1));
    }

    [Fact]
    public void Noise_sigma_matches_the_requested_lsb()
    {
        const double Sigma = 3.0;
        var encoder = new AdcEncoder(12, Sigma, seed: 42);
        var x = new float[64];
        Array.Fill(x, 2048f / 4095f); // mid-scale, far from the rails
        double ideal = x[0] * 4095.0;
        var codes = new int[x.Length];
        double sum = 0, sumSquares = 0;
        int n = 0;
        for (int call = 0; call < 2000; call++)
        {
            encoder.Encode(x, codes);
            foreach (int c in codes)
            {
                double e = c - ideal;
                sum += e;
                sumSquares += e * e;
                n++;
            }
        }
        double mean = sum / n;
        double sigma = Math.Sqrt(sumSquares / n - mean * mean);
        Assert.InRange(mean, -0.1, 0.1);
        Assert.InRange(sigma, 0.9 * Sigma, 1.1 * Sigma);
    }

    [Fact]
    public void Noise_is_fresh_on_every_call()
    {
        var encoder = new AdcEncoder(12, 2, seed: 3);
        float[] x = Ramp(32, 0.1f, 0.9f);
        var first = new int[32];
        var second = new int[32];
        encoder.Encode(x, first);
        encoder.Encode(x, second);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Same_seed_gives_same_codes_and_another_seed_does_not()
    {
        float[] x = Ramp(64, 0f, 1f);
        int[] Run(ulong seed)
        {
            var encoder = new AdcEncoder(10, 1.5, seed);
            var codes = new int[x.Length * 10];
            var buffer = new int[x.Length];
            for (int call = 0; call < 10; call++)
            {
                encoder.Encode(x, buffer);
                buffer.CopyTo(codes, call * x.Length);
            }
            return codes;
        }
        Assert.Equal(Run(7), Run(7));
        Assert.NotEqual(Run(7), Run(8));
    }

    [Fact]
    public void Encode_allocates_nothing()
    {
        var encoder = new AdcEncoder(12, 1, seed: 5);
        float[] x = Ramp(196, 0f, 1f);
        var codes = new int[x.Length];
        encoder.Encode(x, codes); // JIT first
        Assert.Equal(0, Allocations.Of(() => { for (int i = 0; i < 1000; i++) encoder.Encode(x, codes); }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(17)]
    public void Bits_outside_1_to_16_are_rejected(int bits)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdcEncoder(bits, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => AdcEncoder.Quantize(0.5f, bits));
    }

    [Fact]
    public void Negative_noise_and_mismatched_buffers_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdcEncoder(8, -1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdcEncoder(8, double.NaN, 1));
        Assert.Throws<ArgumentException>(() => new AdcEncoder(8, 0, 1).Encode(new float[3], new int[2]));
    }
}
