using Edge.Core.Protocol;
using Edge.Host.Transport;

namespace Edge.Host.Targets;

/// <summary>
/// A byte stream straight into a firmware endpoint on the caller's thread: each Write is handed to
/// <see cref="IFirmwareEndpoint.Receive"/> and its answers wait for Read. Lets a <see cref="Device.DeviceClient"/> ask
/// the board a server already holds (an MQTT board's own status questions) without a second line to it.
/// </summary>
public sealed class EndpointTransport : IByteTransport
{
    private readonly IFirmwareEndpoint _endpoint;
    private readonly ByteRing _answers = new(64 * 1024, "endpoint");

    public EndpointTransport(IFirmwareEndpoint endpoint)
    {
        _endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
    }

    public void Write(byte[] buffer, int offset, int count)
    {
        PipeTransport.CheckRange(buffer, offset, count);
        _endpoint.Receive(buffer, offset, count, _answers);
    }

    public int Read(byte[] buffer, int offset, int count, TimeSpan timeout) => _answers.Read(buffer, offset, count, timeout);

    public void Dispose() => _answers.CloseReader();
}
