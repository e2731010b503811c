namespace Edge.Core.Protocol
{
    /// <summary>Version of the request and response bodies of PROTOCOL.md, which HELLO and INFO report.</summary>
    public static class ProtocolVersion
    {
        public const int Current = 1;
    }
}
