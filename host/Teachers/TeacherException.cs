namespace Edge.Host.Teachers;

/// <summary>
/// A teacher that cannot be loaded or used: missing file, not an ONNX model, wrong input or output
/// shape or type. The message is one self-contained line naming the file, so the CLI prints it as is.
/// </summary>
public sealed class TeacherException : Exception
{
    public TeacherException(string message) : base(message) { }
    public TeacherException(string message, Exception inner) : base(message, inner) { }
}
