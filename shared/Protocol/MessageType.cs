namespace Edge.Core.Protocol
{
    /// <summary>
    /// The type byte of a frame. Requests (host to device) are 0x01..0x7E; the response to request
    /// type t is t | 0x80 (<see cref="ResponseFlag"/>), so bit 7 alone tells the direction. A
    /// request that fails is answered by <see cref="Error"/> (0xFF) instead, carrying the request's
    /// sequence number and an <see cref="ErrorCode"/> plus an ASCII message (see <see cref="ErrorResponse"/>).
    /// Every request gets exactly one response. 0x00 and 0x7F are never sent as requests (0x7F | 0x80
    /// would collide with Error). Body layouts are defined by the request handlers.
    /// </summary>
    public static class MessageType
    {
        /// <summary>Set in every device-to-host type.</summary>
        public const byte ResponseFlag = 0x80;

        /// <summary>Handshake: protocol version check; the answer names the board and firmware.</summary>
        public const byte Hello = 0x01;
        /// <summary>Board, profile, firmware and format versions, model, free memory.</summary>
        public const byte Info = 0x02;
        /// <summary>Sets the architecture and hyperparameters (discards the current model).</summary>
        public const byte Configure = 0x03;
        /// <summary>Presents one stimulus (the simulated sensor inputs) to the board.</summary>
        public const byte Present = 0x04;
        /// <summary>Reads the live inputs (the current stimulus as the board sees it).</summary>
        public const byte Sample = 0x05;
        /// <summary>Runs the network on the current or given stimulus; answers the logits (Q15.16).</summary>
        public const byte Infer = 0x06;
        /// <summary>One training step with a hard label.</summary>
        public const byte Train = 0x07;
        /// <summary>One training step with soft targets (teacher logits or probabilities, temperature T).</summary>
        public const byte TrainSoft = 0x08;
        /// <summary>Batched form of <see cref="Present"/>.</summary>
        public const byte PresentBatch = 0x09;
        /// <summary>Batched form of <see cref="Infer"/>.</summary>
        public const byte InferBatch = 0x0A;
        /// <summary>Batched form of <see cref="Train"/>.</summary>
        public const byte TrainBatch = 0x0B;
        /// <summary>Batched form of <see cref="TrainSoft"/>.</summary>
        public const byte TrainSoftBatch = 0x0C;
        /// <summary>Writes the model image to flash (the other of the two slots).</summary>
        public const byte Save = 0x0D;
        /// <summary>Loads the newest valid model image from flash.</summary>
        public const byte Load = 0x0E;
        /// <summary>Reads one chunk of the weights (offset, count).</summary>
        public const byte GetWeights = 0x0F;
        /// <summary>Writes one chunk of the weights (offset, data); chunks may arrive in any order.</summary>
        public const byte PutWeights = 0x10;
        /// <summary>Counters: samples seen, frames accepted/rejected, timings.</summary>
        public const byte Stats = 0x11;
        /// <summary>Drops the model and the stimulus; the board answers, then starts over.</summary>
        public const byte Reset = 0x12;
        /// <summary>Sets the learning rates of the model's learner (a learning-rate schedule run by the host).</summary>
        public const byte SetRates = 0x13;
        /// <summary>
        /// Proves the host holds a board server's key (HMAC-SHA256 challenge–response). Answered by the link server
        /// (<c>edge board run --key-file</c>), not by the firmware, which answers it UNKNOWN_TYPE.
        /// </summary>
        public const byte Auth = 0x14;

        /// <summary>The failure answer to any request (body: ErrorCode byte + ASCII message).</summary>
        public const byte Error = 0xFF;

        /// <summary>The highest request type defined so far.</summary>
        public const byte LastRequest = Auth;

        /// <summary>The response type for request type <paramref name="request"/>.</summary>
        public static byte ResponseTo(byte request) { return (byte)(request | ResponseFlag); }

        /// <summary>The request type a response type answers (Error has none: returns 0).</summary>
        public static byte RequestOf(byte response) { return response == Error ? (byte)0 : (byte)(response & 0x7F); }

        /// <summary>True for device-to-host types (bit 7 set), including <see cref="Error"/>.</summary>
        public static bool IsResponse(byte type) { return (type & ResponseFlag) != 0; }

        /// <summary>True for the request types defined above.</summary>
        public static bool IsKnownRequest(byte type) { return type >= Hello && type <= LastRequest; }

        /// <summary>A short upper-case name for logs ("TRAIN", "TRAIN response", "ERROR", "0x42").</summary>
        public static string Name(byte type)
        {
            if (type == Error) return "ERROR";
            string? name = RequestName((byte)(type & 0x7F));
            if (name == null) return HexByte(type);
            return IsResponse(type) ? name + " response" : name;
        }

        private static string? RequestName(byte type)
        {
            switch (type)
            {
                case Hello: return "HELLO";
                case Info: return "INFO";
                case Configure: return "CONFIGURE";
                case Present: return "PRESENT";
                case Sample: return "SAMPLE";
                case Infer: return "INFER";
                case Train: return "TRAIN";
                case TrainSoft: return "TRAIN_SOFT";
                case PresentBatch: return "PRESENT_BATCH";
                case InferBatch: return "INFER_BATCH";
                case TrainBatch: return "TRAIN_BATCH";
                case TrainSoftBatch: return "TRAIN_SOFT_BATCH";
                case Save: return "SAVE";
                case Load: return "LOAD";
                case GetWeights: return "GET_WEIGHTS";
                case PutWeights: return "PUT_WEIGHTS";
                case Stats: return "STATS";
                case Reset: return "RESET";
                case SetRates: return "SET_RATES";
                case Auth: return "AUTH";
                default: return null;
            }
        }

        /// <summary>"0x" and two upper-case hex digits, without format strings (nanoFramework has few).</summary>
        internal static string HexByte(byte value)
        {
            const string Digits = "0123456789ABCDEF";
            char[] text = new char[] { '0', 'x', Digits[value >> 4], Digits[value & 0xF] };
            return new string(text);
        }
    }
}
