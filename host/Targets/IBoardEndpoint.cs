namespace Edge.Host.Targets;

/// <summary>
/// The seam between a transport and a board's firmware: the server hands it every byte that arrives and it
/// answers through <c>output</c> (any number of calls, any time during Receive). The firmware's command loop
/// implements it; it is called from one thread at a time.
/// </summary>
public interface IFirmwareEndpoint
{
    void Receive(byte[] data, int offset, int count, Action<byte[], int, int> output);
}
