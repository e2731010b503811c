namespace Edge.Core.Protocol
{
    /// <summary>Version of the request and response bodies of PROTOCOL.md, which HELLO and INFO report.</summary>
    public static class ProtocolVersion
    {
        /// <summary>2: GET/PUT_WEIGHTS carry the layers' weight exponents.</summary>
        public const int Current = 2;
    }
}
