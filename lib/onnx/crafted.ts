// Builds ONNX models from a plain description, for tests: well-formed ones and the crafted ones an
// attacker would upload (external data, vendor domains, amplifying shapes). Field numbers follow
// onnx.proto; no server code is imported, so the e2e specs can build their uploads with it too.
import { fitLogistic } from "../ml/models";
import { exportOnnx } from "../ml/onnx-export";
import { ProtoWriter } from "../ml/protobuf";

export const FLOAT = 1;
export const UINT8 = 2;
export const INT64 = 7;

export type TensorSpec = {
  name: string;
  dims: number[];
  type?: number;
  floats?: number[];
  int64s?: number[];
  /** Points the tensor's data at a file (data_location EXTERNAL with a `location` entry). */
  external?: {
    location: string;
    length?: number;
    offset?: number;
    dataLocation?: boolean;
  };
};
export type AttrSpec = {
  name: string;
  i?: number;
  ints?: number[];
  t?: TensorSpec;
  g?: GraphSpec;
  graphs?: GraphSpec[];
};
export type NodeSpec = {
  op: string;
  inputs: string[];
  outputs: string[];
  domain?: string;
  name?: string;
  attrs?: AttrSpec[];
};
export type ValueSpec = {
  name: string;
  elem?: number;
  shape?: (number | string)[];
};
export type GraphSpec = {
  name?: string;
  nodes: NodeSpec[];
  initializers?: TensorSpec[];
  sparse?: { values: TensorSpec; indices: TensorSpec; dims: number[] }[];
  inputs: ValueSpec[];
  outputs: ValueSpec[];
};
export type FunctionSpec = {
  name: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  nodes: NodeSpec[];
};
export type ModelSpec = {
  graph: GraphSpec;
  opset?: number;
  functions?: FunctionSpec[];
  trainingInfo?: { algorithm: GraphSpec }[];
  extraOpsets?: { domain: string; version: number }[];
};

export function buildModel(spec: ModelSpec): Uint8Array {
  const w = new ProtoWriter();
  w.varint(1, 8);
  w.string(2, "crafted");
  w.message(8, (op) => op.string(1, "").varint(2, spec.opset ?? 13));
  for (const o of spec.extraOpsets ?? [])
    w.message(8, (op) => op.string(1, o.domain).varint(2, o.version));
  w.message(7, (g) => graph(g, spec.graph));
  for (const t of spec.trainingInfo ?? [])
    w.message(20, (ti) => ti.message(2, (g) => graph(g, t.algorithm)));
  for (const f of spec.functions ?? []) {
    w.message(25, (fn) => {
      fn.string(1, f.name);
      for (const i of f.inputs) fn.string(4, i);
      for (const o of f.outputs) fn.string(5, o);
      for (const n of f.nodes) fn.message(7, (nw) => node(nw, n));
      fn.message(9, (op) => op.string(1, "").varint(2, spec.opset ?? 13));
      fn.string(10, f.domain);
    });
  }
  return w.finish();
}

function graph(g: ProtoWriter, spec: GraphSpec): void {
  for (const n of spec.nodes) g.message(1, (w) => node(w, n));
  g.string(2, spec.name ?? "g");
  for (const t of spec.initializers ?? []) g.message(5, (w) => tensor(w, t));
  for (const s of spec.sparse ?? []) {
    g.message(15, (w) => {
      w.message(1, (v) => tensor(v, s.values));
      w.message(2, (v) => tensor(v, s.indices));
      w.packedVarints(3, s.dims);
    });
  }
  for (const i of spec.inputs) g.message(11, (w) => valueInfo(w, i));
  for (const o of spec.outputs) g.message(12, (w) => valueInfo(w, o));
}

function node(w: ProtoWriter, n: NodeSpec): void {
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, n.name ?? `${n.op}_${n.outputs[0] ?? ""}`);
  w.string(4, n.op);
  for (const a of n.attrs ?? []) w.message(5, (aw) => attribute(aw, a));
  if (n.domain !== undefined) w.string(7, n.domain);
}

function attribute(w: ProtoWriter, a: AttrSpec): void {
  w.string(1, a.name);
  if (a.i !== undefined) w.varint(3, a.i).varint(20, 2);
  if (a.t) w.message(5, (t) => tensor(t, a.t as TensorSpec)).varint(20, 4);
  if (a.g) w.message(6, (g) => graph(g, a.g as GraphSpec)).varint(20, 5);
  if (a.ints) w.packedVarints(8, a.ints).varint(20, 7);
  if (a.graphs) {
    for (const g of a.graphs) w.message(11, (gw) => graph(gw, g));
    w.varint(20, 10);
  }
}

function tensor(w: ProtoWriter, t: TensorSpec): void {
  w.packedVarints(1, t.dims);
  w.varint(2, t.type ?? (t.int64s ? INT64 : FLOAT));
  if (t.floats) w.packedFloats(4, t.floats);
  // int64 values go in raw_data (little-endian), which also carries negatives such as Reshape's -1.
  if (t.int64s) w.bytes(9, int64Bytes(t.int64s));
  w.string(8, t.name);
  if (t.external) {
    const e = t.external;
    w.message(13, (kv) => kv.string(1, "location").string(2, e.location));
    if (e.offset !== undefined)
      w.message(13, (kv) => kv.string(1, "offset").string(2, String(e.offset)));
    if (e.length !== undefined)
      w.message(13, (kv) => kv.string(1, "length").string(2, String(e.length)));
    if (e.dataLocation !== false) w.varint(14, 1);
  }
}

function int64Bytes(values: number[]): Uint8Array {
  const b = new Uint8Array(values.length * 8);
  const view = new DataView(b.buffer);
  values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return b;
}

function valueInfo(w: ProtoWriter, v: ValueSpec): void {
  w.string(1, v.name);
  w.message(2, (type) =>
    type.message(1, (tt) => {
      tt.varint(1, v.elem ?? FLOAT);
      if (v.shape)
        tt.message(2, (s) =>
          v.shape?.forEach((d) =>
            s.message(1, (dm) =>
              typeof d === "number" ? dm.varint(1, d) : dm.string(2, d),
            ),
          ),
        );
    }),
  );
}

/**
 * The attack of issue 16: a float input X[N,1] (unused) and a uint8 initializer whose bytes come
 * from `location`, answered as the predictions, so the caller reads the file byte by byte.
 * (uint8 because onnxruntime's optimizer cannot fold a float initializer of a model without a path.)
 */
export function exfiltratingModel(location: string, bytes = 16): Uint8Array {
  return buildModel({
    graph: {
      nodes: [{ op: "Identity", inputs: ["secret"], outputs: ["prediction"] }],
      initializers: [
        {
          name: "secret",
          type: UINT8,
          dims: [bytes],
          external: { location, length: bytes },
        },
      ],
      inputs: [{ name: "X", shape: ["N", 1] }],
      outputs: [{ name: "prediction", elem: UINT8, shape: [bytes] }],
    },
  });
}

/**
 * Passes every static check but answers each row with `factor` values: Tile's repeats are computed
 * at run time from the input's shape (Shape(X) / Shape(X) * [1, factor]), so no constant input of
 * Tile says how much it asks for, and the declared output shape is symbolic.
 */
export function rowAmplifyingModel(factor: number): Uint8Array {
  return buildModel({
    graph: {
      nodes: [
        { op: "Shape", inputs: ["X"], outputs: ["s"] },
        { op: "Div", inputs: ["s", "s"], outputs: ["ones"] },
        { op: "Mul", inputs: ["ones", "factors"], outputs: ["reps"] },
        { op: "Tile", inputs: ["X", "reps"], outputs: ["prediction"] },
      ],
      initializers: [{ name: "factors", dims: [2], int64s: [1, factor] }],
      inputs: [{ name: "X", shape: ["N", 1] }],
      outputs: [{ name: "prediction", shape: ["N", "K"] }],
    },
  });
}

/** A good model as the exporter writes it: a logistic regression on inputs `a` and `b`. */
export function demoModel(): Uint8Array {
  const X = [
    [1, 2],
    [2, 1],
    [3, 3],
    [0, 1],
  ];
  return exportOnnx(fitLogistic(["a", "b"], X, [0, 0, 1, 1], 1));
}
