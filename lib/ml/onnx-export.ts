// Exports the demo's linear and logistic models as ONNX graphs (opset 13):
//   X[N, d] -> Sub(mean) -> Div(std) -> MatMul(W[d,1]) -> Add(b) [-> Sigmoid] -> prediction[N, 1]
// Field numbers follow onnx.proto (ModelProto, GraphProto, NodeProto, TensorProto, ValueInfoProto).
import type { LinearModel } from "./models";
import { ProtoWriter } from "./protobuf";

const FLOAT = 1; // TensorProto.DataType.FLOAT

export const ONNX_INPUT = "X";
export const ONNX_OUTPUT = "prediction";

export function exportOnnx(
  model: LinearModel,
  name = "stageline-linear",
): Uint8Array {
  const d = model.features.length;
  const w = new ProtoWriter();
  w.varint(1, 8); // ir_version
  w.string(2, "stageline"); // producer_name
  w.string(3, "0.1.0"); // producer_version
  w.message(8, (op) => op.string(1, "").varint(2, 13)); // opset_import: default domain, opset 13
  w.message(7, (g) => {
    node(g, "Sub", ["X", "mean"], ["centered"]);
    node(g, "Div", ["centered", "std"], ["scaled"]);
    node(g, "MatMul", ["scaled", "weights"], ["linear"]);
    if (model.kind === "logistic") {
      node(g, "Add", ["linear", "intercept"], ["logit"]);
      node(g, "Sigmoid", ["logit"], [ONNX_OUTPUT]);
    } else {
      node(g, "Add", ["linear", "intercept"], [ONNX_OUTPUT]);
    }
    g.string(2, name);
    tensor(g, "mean", [d], model.mean);
    tensor(g, "std", [d], model.std);
    tensor(g, "weights", [d, 1], model.weights);
    tensor(g, "intercept", [1], [model.intercept]);
    valueInfo(g, 11, ONNX_INPUT, ["N", d]);
    valueInfo(g, 12, ONNX_OUTPUT, ["N", 1]);
  });
  return w.finish();
}

function node(
  g: ProtoWriter,
  op: string,
  inputs: string[],
  outputs: string[],
): void {
  g.message(1, (n) => {
    for (const i of inputs) n.string(1, i);
    for (const o of outputs) n.string(2, o);
    n.string(3, `${op}_${outputs[0]}`);
    n.string(4, op);
  });
}

function tensor(
  g: ProtoWriter,
  name: string,
  dims: number[],
  values: number[],
): void {
  g.message(5, (t) => {
    t.packedVarints(1, dims);
    t.varint(2, FLOAT);
    t.packedFloats(4, values);
    t.string(8, name);
  });
}

function valueInfo(
  g: ProtoWriter,
  field: number,
  name: string,
  shape: (number | string)[],
): void {
  g.message(field, (v) => {
    v.string(1, name);
    v.message(2, (type) =>
      type.message(1, (tt) => {
        tt.varint(1, FLOAT);
        tt.message(2, (s) => {
          for (const dim of shape)
            s.message(1, (dm) =>
              typeof dim === "number" ? dm.varint(1, dim) : dm.string(2, dim),
            );
        });
      }),
    );
  });
}
