using System.Security.Cryptography;
using System.Text;
using Edge.Host.Files;

namespace Edge.Host.Transport;

/// <summary>
/// The pre-shared key of a board server (<c>edge board run --key-file</c>) and its challenge–response: the server
/// sends a fresh random nonce, the host answers HMAC-SHA256(key, "edge-auth-v1" ‖ nonce), so the key never
/// crosses the wire and an answer cannot be replayed on another connection.
/// A key file holds the key as text (e.g. <c>head -c 32 /dev/urandom | base64 &gt; board.key</c>): its bytes with
/// surrounding white space trimmed, at least <see cref="MinBytes"/> of them.
/// </summary>
public sealed class BoardKey
{
    public const int NonceBytes = 32;
    public const int ResponseBytes = 32;
    public const int MinBytes = 16;
    public const int MaxFileBytes = 4096;
    private static readonly byte[] Context = "edge-auth-v1"u8.ToArray();

    private readonly byte[] _key;

    public BoardKey(byte[] key)
    {
        if (key.Length < MinBytes) throw new ArgumentException($"a key needs at least {MinBytes} bytes", nameof(key));
        _key = (byte[])key.Clone();
    }

    /// <summary>Reads a key file; a missing, huge or short one is an <see cref="IOException"/> naming it.</summary>
    public static BoardKey Load(string path)
    {
        byte[] bytes = InputFile.ReadAllBytes(path, MaxFileBytes, "key file");
        byte[] key = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Trim());
        if (key.Length < MinBytes)
            throw new IOException($"key file {path} holds {key.Length} bytes; a key needs at least {MinBytes} (make one with: head -c 32 /dev/urandom | base64 > {path})");
        return new BoardKey(key);
    }

    public static byte[] NewNonce() => RandomNumberGenerator.GetBytes(NonceBytes);

    /// <summary>The answer to <paramref name="nonce"/> that proves this key.</summary>
    public byte[] Respond(byte[] nonce)
    {
        using var hmac = new HMACSHA256(_key);
        hmac.TransformBlock(Context, 0, Context.Length, null, 0);
        hmac.TransformFinalBlock(nonce, 0, nonce.Length);
        return hmac.Hash!;
    }

    /// <summary>Whether <paramref name="response"/> answers <paramref name="nonce"/> (compared in constant time).</summary>
    public bool Verifies(byte[] nonce, ReadOnlySpan<byte> response) =>
        response.Length == ResponseBytes && CryptographicOperations.FixedTimeEquals(Respond(nonce), response);
}
