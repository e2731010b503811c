using Edge.Core.Hardware;

namespace Edge.Core.Protocol
{
    /// <summary>
    /// The seam between a transport and a board's firmware: the server hands it every byte that arrives and it
    /// answers through <paramref name="output"/> (any number of writes, during the call only). The firmware's
    /// command loop implements it; a gateway, an access gate or a test stand-in may sit in its place. Called from
    /// one thread at a time.
    /// </summary>
    public interface IFirmwareEndpoint
    {
        void Receive(byte[] data, int offset, int count, IByteSink output);
    }
}
