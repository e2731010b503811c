using System.Buffers.Binary;
using Edge.Host.Files;
using Edge.Host.Reference;
using Google.Protobuf;
using Onnx;

namespace Edge.Host.Teachers;

/// <summary>
/// Writes a <see cref="FloatMlp"/> as an ONNX model through the ONNX protobuf schema
/// (Teachers/onnx.proto, compiled by Grpc.Tools). The graph: per layer one Gemm
/// (Y = X·Wᵀ + b, transB = 1, so the weights keep the host's row-major [out, in] layout as
/// initializers), Relu between layers, none after the last. Input "input" [batch, F] float32,
/// output "logits" [batch, C] float32, batch a named dynamic dimension. Opset 13, IR version 7:
/// old enough for any current runtime, new enough for dynamic shapes and Gemm without broadcast flags.
/// </summary>
public static class OnnxExport
{
    public const string InputName = "input";
    public const string OutputName = "logits";
    public const string BatchDimension = "batch";
    public const long OpsetVersion = 13;
    public const long IrVersion = 7;

    /// <summary>Writes <paramref name="network"/> to <paramref name="path"/> (through <see cref="OutputFile"/>: all or nothing, only a regular file replaced).</summary>
    public static void Save(FloatMlp network, string path) => OutputFile.Write(path, ToBytes(network));

    /// <summary>The serialized ModelProto of <paramref name="network"/>.</summary>
    public static byte[] ToBytes(FloatMlp network) => ToModel(network).ToByteArray();

    internal static ModelProto ToModel(FloatMlp network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var graph = new GraphProto { Name = "edge_mlp_" + network.Architecture.Replace('-', '_') };
        graph.Input.Add(FloatMatrix(InputName, network.InputSize));
        graph.Output.Add(FloatMatrix(OutputName, network.OutputSize));

        string layerInput = InputName;
        for (int l = 0; l < network.LayerCount; l++)
        {
            bool last = l == network.LayerCount - 1;
            int inputs = network.LayerSizes[l], outputs = network.LayerSizes[l + 1];
            string weights = $"layer{l}.weight", biases = $"layer{l}.bias";
            graph.Initializer.Add(FloatTensor(weights, network.Weights[l], outputs, inputs));
            graph.Initializer.Add(FloatTensor(biases, network.Biases[l], outputs));

            string gemmOutput = last ? OutputName : $"layer{l}.pre";
            var gemm = new NodeProto { Name = $"layer{l}.gemm", OpType = "Gemm" };
            gemm.Input.Add(layerInput);
            gemm.Input.Add(weights);
            gemm.Input.Add(biases);
            gemm.Output.Add(gemmOutput);
            gemm.Attribute.Add(new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
            graph.Node.Add(gemm);
            layerInput = gemmOutput;

            if (!last)
            {
                var relu = new NodeProto { Name = $"layer{l}.relu", OpType = "Relu" };
                relu.Input.Add(gemmOutput);
                relu.Output.Add($"layer{l}.out");
                graph.Node.Add(relu);
                layerInput = $"layer{l}.out";
            }
        }

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "edge",
            ProducerVersion = typeof(OnnxExport).Assembly.GetName().Version?.ToString() ?? "0",
            DocString = $"Edge float MLP {network.Architecture}: Gemm per layer, ReLU hidden, linear logits; inputs are features in [0, 1].",
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "edge.arch", Value = network.Architecture });
        return model;
    }

    // A float32 tensor [batch, width] with the batch dimension named (dynamic).
    private static ValueInfoProto FloatMatrix(string name, int width)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = BatchDimension });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = width });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape },
            },
        };
    }

    // Values as raw_data, explicitly little-endian as ONNX requires, whatever the host's byte order.
    private static TensorProto FloatTensor(string name, float[] values, params long[] dims)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (int k = 0; k < values.Length; k++)
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(k * sizeof(float)), values[k]);
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(bytes) };
        tensor.Dims.Add(dims);
        return tensor;
    }
}
