"""ONNX files made independently of edge, with Debian's python3-onnx (onnx.helper), for the teacher tests.

usage: onnx_models.py mlp WEIGHTS.json OUT.onnx [symbolic]
                                                 2-layer MLP the way a PyTorch export looks (MatMul + Add, names "x.1"/"out");
                                                 "symbolic" leaves the output's class dimension unnamed in the metadata
       onnx_models.py rank3 OUT.onnx              input of rank 3 [N, 2, 3]
       onnx_models.py int64 OUT.onnx              int64 input
       onnx_models.py two-inputs OUT.onnx         two graph inputs
       onnx_models.py fixed-batch OUT.onnx        input fixed at [4, 3]
       onnx_models.py check IN.onnx               onnx.checker + shape inference; prints the output shape
WEIGHTS.json: {"w1": [[in x hidden]], "b1": [hidden], "w2": [[hidden x out]], "b2": [out]} (MatMul layout: [in, out]).
"""
import json
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = [helper.make_opsetid("", 13)]


def save(graph, path):
    model = helper.make_model(graph, opset_imports=OPSET, producer_name="edge-tests-python")
    model.ir_version = 7
    onnx.checker.check_model(model)
    onnx.save(model, path)


def mlp(weights_path, out, symbolic=False):
    w = json.load(open(weights_path))
    inits = [numpy_helper.from_array(np.asarray(w[k], dtype=np.float32), k) for k in ("w1", "b1", "w2", "b2")]
    features, classes = len(w["w1"]), len(w["b2"])
    nodes = [
        helper.make_node("MatMul", ["x.1", "w1"], ["h_mm"]),
        helper.make_node("Add", ["h_mm", "b1"], ["h_pre"]),
        helper.make_node("Relu", ["h_pre"], ["h"]),
        helper.make_node("MatMul", ["h", "w2"], ["o_mm"]),
        helper.make_node("Add", ["o_mm", "b2"], ["out"]),
    ]
    graph = helper.make_graph(
        nodes, "torch_like_mlp",
        [helper.make_tensor_value_info("x.1", TensorProto.FLOAT, ["batch_size", features])],
        [helper.make_tensor_value_info("out", TensorProto.FLOAT, ["batch_size", "classes" if symbolic else classes])],
        inits)
    save(graph, out)


def single_relu(out, inputs, output):
    nodes = [helper.make_node("Relu", [inputs[0].name], [output.name])]
    save(helper.make_graph(nodes, "odd", inputs, [output]), out)


def main(argv):
    kind = argv[1]
    if kind == "mlp":
        mlp(argv[2], argv[3], symbolic=len(argv) > 4 and argv[4] == "symbolic")
    elif kind == "rank3":
        single_relu(argv[2], [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 2, 3])],
                    helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 2, 3]))
    elif kind == "int64":
        nodes = [helper.make_node("Cast", ["x"], ["y"], to=TensorProto.FLOAT)]
        save(helper.make_graph(nodes, "int_input", [helper.make_tensor_value_info("x", TensorProto.INT64, ["N", 3])],
                               [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 3])]), argv[2])
    elif kind == "two-inputs":
        nodes = [helper.make_node("Add", ["a", "b"], ["y"])]
        save(helper.make_graph(nodes, "two_inputs",
                               [helper.make_tensor_value_info("a", TensorProto.FLOAT, ["N", 3]),
                                helper.make_tensor_value_info("b", TensorProto.FLOAT, ["N", 3])],
                               [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 3])]), argv[2])
    elif kind == "fixed-batch":
        single_relu(argv[2], [helper.make_tensor_value_info("x", TensorProto.FLOAT, [4, 3])],
                    helper.make_tensor_value_info("y", TensorProto.FLOAT, [4, 3]))
    elif kind == "check":
        model = onnx.load(argv[2])
        onnx.checker.check_model(model, full_check=True)
        inferred = onnx.shape_inference.infer_shapes(model, strict_mode=True)
        dims = [d.dim_param or str(d.dim_value) for d in inferred.graph.output[0].type.tensor_type.shape.dim]
        print("ok", inferred.graph.output[0].name, "[" + ", ".join(dims) + "]")
    else:
        raise SystemExit("unknown kind " + kind)


if __name__ == "__main__":
    main(sys.argv)
