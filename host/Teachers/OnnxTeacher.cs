using Edge.Host.Files;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Edge.Host.Teachers;

/// <summary>
/// Any ONNX classifier as a teacher, run by Microsoft.ML.OnnxRuntime on the CPU. The model must
/// have one float32 input of shape [N, F] (N dynamic, or fixed at 1) and one float32 output of
/// shape [N, C]; the tensor names are read from the session, so files exported elsewhere (PyTorch's
/// "input.1", Keras's "dense_input", ...) load as they are. Features are passed as given (in
/// [0, 1]); a model trained on another scale needs that scale baked into its graph.
/// Thread-safe: OnnxRuntime sessions may run concurrently.
/// </summary>
public sealed class OnnxTeacher : ITeacher
{
    /// <summary>Rows per OnnxRuntime call in batch evaluation: big enough to amortise the call, small enough to stay in cache.</summary>
    public const int MaxBatchRows = 256;
    /// <summary>The largest ONNX file read: protobuf's own limit for one message.</summary>
    public const long MaxFileBytes = int.MaxValue;

    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly bool _dynamicBatch;

    /// <summary>Loads <paramref name="path"/>; every failure is a <see cref="TeacherException"/> with a one-line message.</summary>
    public OnnxTeacher(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Path = path;
        byte[] model;
        try { model = InputFile.ReadAllBytes(path, MaxFileBytes, "ONNX file"); }
        catch (IOException error) { throw new TeacherException(error.Message, error); }

        try
        {
            using var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
            _session = new InferenceSession(model, options);
        }
        catch (OnnxRuntimeException error)
        {
            _runOptions.Dispose();
            throw new TeacherException($"'{path}' is not a usable ONNX model: {Brief(error.Message)}", error);
        }

        try
        {
            (string inputName, NodeMetadata input) = Single(_session.InputMetadata, "input");
            (string outputName, NodeMetadata output) = Single(_session.OutputMetadata, "output");
            _inputNames = [inputName];
            _outputNames = [outputName];
            InputName = inputName;
            OutputName = outputName;

            CheckFloatMatrix(input, "input", inputName);
            CheckFloatMatrix(output, "output", outputName);
            int batch = input.Dimensions[0];
            if (batch > 1)
                throw Invalid($"input '{inputName}' has a fixed batch of {batch}; a teacher needs a dynamic batch dimension or 1");
            _dynamicBatch = batch <= 0;
            InputCount = input.Dimensions[1];
            if (InputCount <= 0)
                throw Invalid($"input '{inputName}' has no fixed feature count ({Shape(input)}); it must be [N, F] with F known");
            ClassCount = output.Dimensions[1] > 0 ? output.Dimensions[1] : ProbeClassCount();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Path { get; }

    /// <summary>The model's input tensor name, as read from the file.</summary>
    public string InputName { get; }

    /// <summary>The model's output tensor name, as read from the file.</summary>
    public string OutputName { get; }

    public int InputCount { get; }
    public int ClassCount { get; }

    public void Logits(float[] features, float[] logits)
    {
        TeacherChecks.Row(features, InputCount, logits, ClassCount);
        Run(features, 1, logits);
    }

    /// <summary>Evaluates up to <see cref="MaxBatchRows"/> rows per OnnxRuntime call (one row at a time if the model's batch is fixed at 1).</summary>
    public float[][] Logits(IReadOnlyList<float[]> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var result = new float[batch.Count][];
        int chunk = _dynamicBatch ? MaxBatchRows : 1;
        var input = new float[Math.Min(chunk, Math.Max(batch.Count, 1)) * InputCount];
        var output = new float[input.Length / InputCount * ClassCount];
        for (int start = 0; start < batch.Count; start += chunk)
        {
            int rows = Math.Min(chunk, batch.Count - start);
            for (int r = 0; r < rows; r++)
            {
                float[] row = batch[start + r];
                if (row is null || row.Length != InputCount)
                    throw new ArgumentException($"row {start + r} has {row?.Length ?? 0} features, the teacher reads {InputCount}", nameof(batch));
                row.CopyTo(input, r * InputCount);
            }
            Run(input, rows, output);
            for (int r = 0; r < rows; r++)
                result[start + r] = output.AsSpan(r * ClassCount, ClassCount).ToArray();
        }
        return result;
    }

    public void Dispose()
    {
        _session?.Dispose();
        _runOptions.Dispose();
    }

    // One OnnxRuntime call on the first `rows` rows packed in `input`; the [rows, C] result goes to `logits`.
    // The OrtValue pins the managed array rather than copying it.
    private void Run(float[] input, int rows, Span<float> logits)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input.AsMemory(0, rows * InputCount), [rows, InputCount]);
        using IDisposableReadOnlyCollection<OrtValue> outputs = _session.Run(_runOptions, _inputNames, [value], _outputNames);
        OrtValue result = outputs[0];
        long[] shape = result.GetTensorTypeAndShape().Shape;
        if (shape.Length != 2 || shape[0] != rows || shape[1] != ClassCount)
            throw Invalid($"output '{OutputName}' came back as [{string.Join(", ", shape)}] for {rows} rows, expected [{rows}, {ClassCount}]");
        result.GetTensorDataAsSpan<float>().CopyTo(logits);
    }

    // Output width unknown from the metadata (a symbolic dimension): run one zero row and look.
    private int ProbeClassCount()
    {
        using var value = OrtValue.CreateTensorValueFromMemory(new float[InputCount], [1, InputCount]);
        using IDisposableReadOnlyCollection<OrtValue> outputs = _session.Run(_runOptions, _inputNames, [value], _outputNames);
        long[] shape = outputs[0].GetTensorTypeAndShape().Shape;
        if (shape.Length != 2 || shape[0] != 1 || shape[1] < 1)
            throw Invalid($"output '{OutputName}' came back as [{string.Join(", ", shape)}] for one row, expected [1, C]");
        return (int)shape[1];
    }

    private (string Name, NodeMetadata Meta) Single(IReadOnlyDictionary<string, NodeMetadata> nodes, string what)
    {
        if (nodes.Count != 1)
            throw Invalid($"has {nodes.Count} {what}s ({string.Join(", ", nodes.Keys)}); a teacher needs exactly one");
        var only = nodes.First();
        return (only.Key, only.Value);
    }

    private void CheckFloatMatrix(NodeMetadata node, string what, string name)
    {
        if (!node.IsTensor)
            throw Invalid($"{what} '{name}' is a {node.OnnxValueType}, not a tensor");
        if (node.ElementDataType != TensorElementType.Float)
            throw Invalid($"{what} '{name}' holds {node.ElementDataType}; a teacher needs float32");
        if (node.Dimensions.Length != 2)
            throw Invalid($"{what} '{name}' has shape {Shape(node)}; a teacher needs rank 2, [N, {(what == "input" ? "F" : "C")}]");
    }

    private TeacherException Invalid(string problem) => new($"ONNX model '{Path}': {problem}");

    private static string Shape(NodeMetadata node)
    {
        var dims = new string[node.Dimensions.Length];
        for (int i = 0; i < dims.Length; i++)
        {
            string symbol = node.SymbolicDimensions is { } s && i < s.Length ? s[i] : "";
            dims[i] = node.Dimensions[i] > 0 ? node.Dimensions[i].ToString(System.Globalization.CultureInfo.InvariantCulture)
                    : symbol.Length > 0 ? symbol : "?";
        }
        return "[" + string.Join(", ", dims) + "]";
    }

    // "[ErrorCode:InvalidProtobuf] Load model from x failed:Protobuf parsing failed." → "Protobuf parsing failed."
    private static string Brief(string message)
    {
        string line = message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? message;
        if (line.StartsWith("[ErrorCode:", StringComparison.Ordinal) && line.IndexOf(']') is int close and > 0)
            line = line[(close + 1)..].Trim();
        // The caller names the file already; drop OnnxRuntime's "Load model from PATH failed:" preamble.
        const string failed = " failed:";
        if (line.StartsWith("Load model from ", StringComparison.Ordinal) && line.IndexOf(failed, StringComparison.Ordinal) is int at and > 0)
            line = line[(at + failed.Length)..].Trim();
        return line;
    }
}
