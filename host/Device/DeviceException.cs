using Edge.Core.Protocol;

namespace Edge.Host.Device;

/// <summary>
/// A request to a board failed: it answered ERROR (<see cref="Code"/> is set), did not answer in
/// time, answered something malformed, or the connection closed. The message is one clear line.
/// </summary>
public sealed class DeviceException : Exception
{
    public DeviceException(string message, byte code = ErrorCode.None) : base(message) { Code = code; }

    /// <summary>The <see cref="ErrorCode"/> of an ERROR answer; <see cref="ErrorCode.None"/> for timeouts and line faults.</summary>
    public byte Code { get; }

    /// <summary>The code's name ("BAD_ARGUMENT"), or "NONE".</summary>
    public string CodeName => ErrorCode.Name(Code);
}
