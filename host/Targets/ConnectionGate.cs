using Edge.Core.Hardware;
using Edge.Core.Protocol;
using Edge.Host.Transport;

namespace Edge.Host.Targets;

/// <summary>
/// One connection's door to a served board (<see cref="TcpBoardServer"/> makes one per client). It has its own
/// frame reader, so a half frame a client leaves behind dies with its connection, and it hands the firmware only
/// complete frames. With a key, it answers AUTH itself (a challenge, then the HMAC proof, see <see cref="BoardKey"/>)
/// and until the client has proved the key lets only HELLO through: everything else gets ERROR UNAUTHORIZED.
/// A wrong proof is answered and then <see cref="HangUp"/> asks the server to close the connection.
/// </summary>
public sealed class ConnectionGate : IFirmwareEndpoint
{
    private const byte AuthNotNeeded = 0, AuthChallenge = 1;

    private readonly IFirmwareEndpoint _firmware;
    private readonly BoardKey? _key;
    private readonly Action<string> _log;
    private readonly FrameReader _reader = new();
    private readonly byte[] _frame = new byte[FrameLimits.MaxFrame];   // the raw bytes of the frame being received
    private int _length;
    private readonly byte[] _answerBody = new byte[64 + ErrorResponse.MaxMessageChars];
    private readonly byte[] _answer = new byte[FrameLimits.MaxFrame];
    private byte[]? _nonce;

    public ConnectionGate(IFirmwareEndpoint firmware, BoardKey? key, Action<string>? log = null)
    {
        _firmware = firmware ?? throw new ArgumentNullException(nameof(firmware));
        _key = key;
        _log = log ?? (_ => { });
        Authenticated = key == null;
    }

    /// <summary>Whether requests other than HELLO reach the firmware (from the start when the server has no key).</summary>
    public bool Authenticated { get; private set; }

    /// <summary>The client failed AUTH: its answer is sent, the connection should close.</summary>
    public bool HangUp { get; private set; }

    public void Receive(byte[] data, int offset, int count, IByteSink output)
    {
        for (int i = offset; i < offset + count && !HangUp; i++)
        {
            byte value = data[i];
            if (_length < _frame.Length) _frame[_length++] = value;
            FrameStatus status = _reader.Push(value);
            if (status == FrameStatus.NeedMore)
            {
                if (value == 0) _length = 0;   // an empty frame: nothing to pass on
                continue;
            }
            Handle(status, output);
            _length = 0;
        }
    }

    /// <summary>An ERROR frame on its own: what a server sends a connection it will not serve (sequence 0: no request).</summary>
    public static byte[] ErrorFrame(ushort sequence, byte code, string message)
    {
        var body = new byte[3 + ErrorResponse.MaxMessageChars];
        var writer = new BodyWriter(body);
        ErrorResponse.Write(writer, code, message);
        var frame = new byte[FrameLimits.MaxFrame];
        int length = FrameWriter.Write(MessageType.Error, sequence, body, 0, writer.Length, frame, 0);
        return frame[..length];
    }

    private void Handle(FrameStatus status, IByteSink output)
    {
        bool complete = _length <= _frame.Length && _frame[_length - 1] == 0;
        if (status == FrameStatus.Ok && _reader.Type == MessageType.Auth)
        {
            Authenticate(output);
            return;
        }
        bool open = Authenticated || (status == FrameStatus.Ok && _reader.Type == MessageType.Hello);
        if (open && complete)
        {
            _firmware.Receive(_frame, 0, _length, output);   // the firmware sees whole frames only
            return;
        }
        if (!_reader.HasHeader) return;
        if (status != FrameStatus.Ok) Answer(MessageType.Error, Error(ErrorCode.ForFrameStatus(status), "bad frame"), output);
        else Answer(MessageType.Error, Error(ErrorCode.Unauthorized, "this board needs its key first: connect with tcp://HOST:PORT?key-file=FILE"), output);
    }

    /// <summary>AUTH: empty body → challenge (u8 1, nonce) or u8 0 when no key is needed; 32-byte body → the proof.</summary>
    private void Authenticate(IByteSink output)
    {
        int length = _reader.BodyLength;
        var writer = new BodyWriter(_answerBody);
        if (_key == null && length == 0) writer.WriteByte(AuthNotNeeded);
        else if (_key == null) { Answer(MessageType.Error, Error(ErrorCode.BadBody, "this board needs no key"), output); return; }
        else if (length == 0)
        {
            _nonce = BoardKey.NewNonce();
            writer.WriteByte(AuthChallenge);
            writer.WriteBytes(_nonce, 0, _nonce.Length);
        }
        else if (length != BoardKey.ResponseBytes || _nonce == null)
        {
            Answer(MessageType.Error, Error(ErrorCode.BadBody, "AUTH takes an empty body (challenge), then the 32-byte answer to it"), output);
            return;
        }
        else
        {
            byte[] nonce = _nonce;
            _nonce = null;   // one answer per challenge
            if (!_key.Verifies(nonce, _reader.Body.AsSpan(_reader.BodyOffset, length)))
            {
                Answer(MessageType.Error, Error(ErrorCode.Unauthorized, "wrong key"), output);
                _log("failed to prove the key; closing the connection");
                HangUp = true;
                return;
            }
            Authenticated = true;
            _log("proved the key");
        }
        Answer(MessageType.ResponseTo(MessageType.Auth), writer.Length, output);
    }

    private int Error(byte code, string message)
    {
        var writer = new BodyWriter(_answerBody);
        ErrorResponse.Write(writer, code, message);
        return writer.Length;
    }

    private void Answer(byte type, int bodyLength, IByteSink output)
    {
        int length = FrameWriter.Write(type, _reader.Sequence, _answerBody, 0, bodyLength, _answer, 0);
        if (length > 0) output.Write(_answer, 0, length);
    }
}
