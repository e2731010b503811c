namespace Edge.Core.Protocol
{
    /// <summary>
    /// The body of an ERROR frame (<see cref="MessageType.Error"/>, sent with the failed request's
    /// sequence number): one <see cref="ErrorCode"/> byte, then a uint16-length-prefixed ASCII message
    /// for humans. The message is cut to fit, so reporting an error can never fail for lack of room.
    /// </summary>
    public static class ErrorResponse
    {
        /// <summary>Messages are cut to this many chars: enough for one clear line.</summary>
        public const int MaxMessageChars = 200;

        /// <summary>Writes code and message; false only if not even the code and an empty message fit.</summary>
        public static bool Write(BodyWriter body, byte code, string? message)
        {
            if (!body.WriteByte(code)) return false;
            int room = body.Remaining - 2;
            return body.WriteAscii(message, room < MaxMessageChars ? room : MaxMessageChars);
        }

        /// <summary>Reads code and message; false (code None, message empty) if the body is malformed.</summary>
        public static bool TryRead(BodyReader body, out byte code, out string message)
        {
            code = body.ReadByte();
            string? text = body.ReadAscii();
            if (!body.ExpectEnd() || text == null)
            {
                code = ErrorCode.None;
                message = string.Empty;
                return false;
            }
            message = text;
            return true;
        }
    }
}
