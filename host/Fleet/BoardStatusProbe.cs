using Edge.Core.Protocol;
using Edge.Host.Device;
using Edge.Host.Targets;

namespace Edge.Host.Fleet;

/// <summary>A board's wear as its server knows it (a simulated board counts it; real boards may not).</summary>
public sealed record BoardWear(long OperationsUsed, long? OperationsLeft, long? EndOfLifeOps);

/// <summary>
/// Reads what a board's status says about it by asking the board itself over the protocol (HELLO once, INFO each
/// time), through the same endpoint the broker's requests go to, so served, emulated and bridged boards all
/// report alike; the wear comes from the server when it knows more than INFO's operations since boot.
/// Call it from the thread that serves the endpoint.
/// </summary>
public sealed class BoardStatusProbe : IDisposable
{
    private readonly DeviceClient _client;
    private readonly Func<BoardWear?>? _wear;
    private DeviceHello? _hello;

    public BoardStatusProbe(IFirmwareEndpoint endpoint, Func<BoardWear?>? wear, TimeSpan timeout)
    {
        _client = new DeviceClient(new EndpointTransport(endpoint), timeout);
        _wear = wear;
    }

    /// <summary><paramref name="status"/> with the board's identity, model and wear as they are now.</summary>
    /// <exception cref="DeviceException">The board did not answer (e.g. a bridged board's line is silent).</exception>
    public BoardStatus Refresh(BoardStatus status)
    {
        _hello ??= _client.Hello();
        DeviceInfo info = _client.Info();
        BoardWear? wear = _wear?.Invoke();
        DeviceModelInfo? model = info.Model;
        return status with
        {
            Profile = _hello.Profile,
            Serial = _hello.Serial,
            FirmwareVersion = _hello.FirmwareVersion,
            ProtocolVersion = _hello.ProtocolVersion,
            Channels = _hello.ChannelCount,
            Arch = model == null ? null : string.Join('-', model.Config.CopySizes()),
            Algo = model?.AlgorithmName,
            Generation = model?.Generation,
            SamplesSeen = model?.SamplesSeen,
            OpsUsed = wear?.OperationsUsed ?? info.Operations,
            OpsLeft = wear?.OperationsLeft,
            EndOfLifeOps = wear?.EndOfLifeOps,
            Updated = DateTime.UtcNow,
        };
    }

    public void Dispose() => _client.Dispose();
}
