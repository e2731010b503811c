using Edge.Accelerated;
using Edge.Core.Hardware;
using Edge.Core.Kernels;
using Edge.Firmware;
using Edge.Core.Protocol;

namespace Edge.Host.Targets;

/// <summary>
/// The real device program behind the <see cref="IFirmwareEndpoint"/> seam: a <see cref="DeviceFirmware"/> on a
/// board, its answers passed to the server's output. On the host the firmware computes with
/// <see cref="HostKernels.Set"/> (bit-identical to the portable kernels a device runs, only faster).
/// </summary>
public sealed class FirmwareEndpoint : IFirmwareEndpoint
{
    public FirmwareEndpoint(IBoard board)
    {
        Firmware = new DeviceFirmware(board, HostKernels.Set);
    }

    /// <summary>The factory <see cref="TargetConnector.Connect"/> and <see cref="TargetConnector.ServeOverTcp"/> take.</summary>
    public static readonly Func<IBoard, IFirmwareEndpoint> Factory = board => new FirmwareEndpoint(board);

    public DeviceFirmware Firmware { get; }

    /// <summary>Held while the firmware works: anything else driving it (a label button's thread) takes it too.</summary>
    public object Gate { get; } = new();

    public void Receive(byte[] data, int offset, int count, IByteSink output)
    {
        lock (Gate) Firmware.Receive(data, offset, count, output);
    }
}
