using System.Numerics;
using System.Runtime.InteropServices;

namespace Edge.Host.Reference;

/// <summary>
/// The two float kernels backprop needs, SIMD through <see cref="Vector{T}"/>. Summation order
/// depends on the machine's vector width, so results are reproducible on one machine, not
/// bit-identical across machines (the host reference is a yardstick, not device code).
/// </summary>
internal static class FloatVector
{
    /// <summary>Σ a[i]·b[i] over the common length.</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int n = Math.Min(a.Length, b.Length);
        a = a[..n];
        b = b[..n];
        ReadOnlySpan<Vector<float>> va = MemoryMarshal.Cast<float, Vector<float>>(a);
        ReadOnlySpan<Vector<float>> vb = MemoryMarshal.Cast<float, Vector<float>>(b);
        Vector<float> sum = Vector<float>.Zero;
        for (int i = 0; i < va.Length; i++) sum += va[i] * vb[i];
        float total = Vector.Sum(sum);
        for (int i = va.Length * Vector<float>.Count; i < n; i++) total += a[i] * b[i];
        return total;
    }

    /// <summary>y[i] += alpha·x[i] over the common length.</summary>
    public static void Axpy(float alpha, ReadOnlySpan<float> x, Span<float> y)
    {
        int n = Math.Min(x.Length, y.Length);
        x = x[..n];
        y = y[..n];
        ReadOnlySpan<Vector<float>> vx = MemoryMarshal.Cast<float, Vector<float>>(x);
        Span<Vector<float>> vy = MemoryMarshal.Cast<float, Vector<float>>(y);
        var va = new Vector<float>(alpha);
        for (int i = 0; i < vx.Length; i++) vy[i] += va * vx[i];
        for (int i = vx.Length * Vector<float>.Count; i < n; i++) y[i] += alpha * x[i];
    }

    /// <summary>y[i] = mu·y[i] + x[i] (momentum velocity update).</summary>
    public static void ScaleAdd(float mu, ReadOnlySpan<float> x, Span<float> y)
    {
        int n = Math.Min(x.Length, y.Length);
        x = x[..n];
        y = y[..n];
        ReadOnlySpan<Vector<float>> vx = MemoryMarshal.Cast<float, Vector<float>>(x);
        Span<Vector<float>> vy = MemoryMarshal.Cast<float, Vector<float>>(y);
        var vmu = new Vector<float>(mu);
        for (int i = 0; i < vx.Length; i++) vy[i] = vmu * vy[i] + vx[i];
        for (int i = vx.Length * Vector<float>.Count; i < n; i++) y[i] = mu * y[i] + x[i];
    }
}
