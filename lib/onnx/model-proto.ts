// A protobuf reader for ONNX ModelProto files: untrusted uploads, so every read is bounds-checked,
// nesting is depth-limited, and nothing is allocated from a declared length the buffer does not
// hold. Only what the safety checks need is decoded; tensor payloads stay as views into the buffer.
// Field numbers follow onnx/onnx.proto (IR version 10).
//
// Long on purpose: one decoder of one message tree (ModelProto down to TensorProto), each message
// read with the same bounds-checked reader; the messages nest, so they are read in one place.

export class ProtoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProtoError";
  }
}

/** Deepest message nesting the reader follows (graphs in attributes in nodes in graphs, types in types...). */
export const MAX_MESSAGE_DEPTH = 100;

export type StringEntry = { key: string; value: string };
export type OperatorSet = { domain: string; version: number };

export type Tensor = {
  name: string;
  dims: number[];
  dataType: number;
  /** 0 DEFAULT, 1 EXTERNAL. */
  dataLocation: number;
  externalData: StringEntry[];
  /** Views into the file's bytes, by payload field: never copied. */
  raw: Uint8Array | null;
  floatData: Uint8Array[];
  doubleData: Uint8Array[];
  int32Data: Uint8Array[];
  int64Data: Uint8Array[];
  /** Values of unpacked (one per tag) int32/int64 fields. */
  intValues: number[];
  floatValues: number[];
  /** Bytes the tensor's payload fields take in the file. */
  payloadBytes: number;
};

export type SparseTensor = {
  values: Tensor | null;
  indices: Tensor | null;
  dims: number[];
};

export type Dim = number | string | null;
export type TypeInfo = {
  kind: "tensor" | "sparse_tensor" | "sequence" | "map" | "optional" | "other";
  elemType: number;
  shape: Dim[] | null;
  elem: TypeInfo | null;
};
export type ValueInfo = { name: string; type: TypeInfo | null };

export type Attribute = {
  name: string;
  type: number;
  refAttrName: string;
  f: number | null;
  i: number | null;
  floats: number[];
  ints: number[];
  t: Tensor | null;
  g: Graph | null;
  sparseTensor: SparseTensor | null;
  tensors: Tensor[];
  graphs: Graph[];
  sparseTensors: SparseTensor[];
};

export type Node = {
  inputs: string[];
  outputs: string[];
  name: string;
  opType: string;
  domain: string;
  attributes: Attribute[];
};

export type Graph = {
  name: string;
  nodes: Node[];
  initializers: Tensor[];
  sparseInitializers: SparseTensor[];
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  valueInfo: ValueInfo[];
};

export type FunctionDef = {
  name: string;
  domain: string;
  overload: string;
  inputs: string[];
  outputs: string[];
  attributes: Attribute[];
  nodes: Node[];
  opsetImports: OperatorSet[];
  valueInfo: ValueInfo[];
};
export type TrainingInfo = {
  initialization: Graph | null;
  algorithm: Graph | null;
};

export type Model = {
  irVersion: number;
  producerName: string;
  opsetImports: OperatorSet[];
  graph: Graph | null;
  functions: FunctionDef[];
  trainingInfo: TrainingInfo[];
};

const VARINT = 0;
const FIXED64 = 1;
const LEN = 2;
const FIXED32 = 5;

/** Parses a serialized ONNX ModelProto; throws ProtoError for anything that is not well-formed protobuf. */
export function parseModel(bytes: Uint8Array): Model {
  const r = new Reader(bytes, 0, bytes.length, 0);
  const m: Model = {
    irVersion: 0,
    producerName: "",
    opsetImports: [],
    graph: null,
    functions: [],
    trainingInfo: [],
  };
  r.each((f, w) => {
    if (f === 1 && w === VARINT) m.irVersion = r.int64();
    else if (f === 2 && w === LEN) m.producerName = r.string();
    else if (f === 7 && w === LEN) m.graph = graph(r.sub());
    else if (f === 8 && w === LEN) m.opsetImports.push(opset(r.sub()));
    else if (f === 20 && w === LEN) m.trainingInfo.push(trainingInfo(r.sub()));
    else if (f === 25 && w === LEN) m.functions.push(functionDef(r.sub()));
    else r.skip(w);
  });
  return m;
}

function opset(r: Reader): OperatorSet {
  const o: OperatorSet = { domain: "", version: 0 };
  r.each((f, w) => {
    if (f === 1 && w === LEN) o.domain = r.string();
    else if (f === 2 && w === VARINT) o.version = r.int64();
    else r.skip(w);
  });
  return o;
}

function trainingInfo(r: Reader): TrainingInfo {
  const t: TrainingInfo = { initialization: null, algorithm: null };
  r.each((f, w) => {
    if (f === 1 && w === LEN) t.initialization = graph(r.sub());
    else if (f === 2 && w === LEN) t.algorithm = graph(r.sub());
    else r.skip(w);
  });
  return t;
}

function graph(r: Reader): Graph {
  const g: Graph = {
    name: "",
    nodes: [],
    initializers: [],
    sparseInitializers: [],
    inputs: [],
    outputs: [],
    valueInfo: [],
  };
  r.each((f, w) => {
    if (w !== LEN) return r.skip(w);
    if (f === 1) g.nodes.push(node(r.sub()));
    else if (f === 2) g.name = r.string();
    else if (f === 5) g.initializers.push(tensor(r.sub()));
    else if (f === 15) g.sparseInitializers.push(sparseTensor(r.sub()));
    else if (f === 11) g.inputs.push(valueInfo(r.sub()));
    else if (f === 12) g.outputs.push(valueInfo(r.sub()));
    else if (f === 13) g.valueInfo.push(valueInfo(r.sub()));
    else r.skip(w);
  });
  return g;
}

function node(r: Reader): Node {
  const n: Node = {
    inputs: [],
    outputs: [],
    name: "",
    opType: "",
    domain: "",
    attributes: [],
  };
  r.each((f, w) => {
    if (w !== LEN) return r.skip(w);
    if (f === 1) n.inputs.push(r.string());
    else if (f === 2) n.outputs.push(r.string());
    else if (f === 3) n.name = r.string();
    else if (f === 4) n.opType = r.string();
    else if (f === 7) n.domain = r.string();
    else if (f === 5) n.attributes.push(attribute(r.sub()));
    else r.skip(w);
  });
  return n;
}

function attribute(r: Reader): Attribute {
  const a: Attribute = {
    name: "",
    type: 0,
    refAttrName: "",
    f: null,
    i: null,
    floats: [],
    ints: [],
    t: null,
    g: null,
    sparseTensor: null,
    tensors: [],
    graphs: [],
    sparseTensors: [],
  };
  r.each((f, w) => {
    if (f === 1 && w === LEN) a.name = r.string();
    else if (f === 20 && w === VARINT) a.type = r.int64();
    else if (f === 21 && w === LEN) a.refAttrName = r.string();
    else if (f === 2 && w === FIXED32) a.f = r.float32();
    else if (f === 3 && w === VARINT) a.i = r.int64();
    else if (f === 7 && w === FIXED32) a.floats.push(r.float32());
    else if (f === 7 && w === LEN)
      for (const x of decodePacked(r.bytes(), "float32", Infinity) ?? [])
        a.floats.push(x);
    else if (f === 8) r.int64s(w, a.ints);
    else if (f === 5 && w === LEN) a.t = tensor(r.sub());
    else if (f === 6 && w === LEN) a.g = graph(r.sub());
    else if (f === 22 && w === LEN) a.sparseTensor = sparseTensor(r.sub());
    else if (f === 10 && w === LEN) a.tensors.push(tensor(r.sub()));
    else if (f === 11 && w === LEN) a.graphs.push(graph(r.sub()));
    else if (f === 23 && w === LEN) a.sparseTensors.push(sparseTensor(r.sub()));
    else r.skip(w);
  });
  return a;
}

function tensor(r: Reader): Tensor {
  const t: Tensor = {
    name: "",
    dims: [],
    dataType: 0,
    dataLocation: 0,
    externalData: [],
    raw: null,
    floatData: [],
    doubleData: [],
    int32Data: [],
    int64Data: [],
    intValues: [],
    floatValues: [],
    payloadBytes: 0,
  };
  r.each((f, w) => {
    const start = r.pos;
    if (f === 1) r.int64s(w, t.dims);
    else if (f === 2 && w === VARINT) t.dataType = r.int64();
    else if (f === 8 && w === LEN) t.name = r.string();
    else if (f === 13 && w === LEN) t.externalData.push(entry(r.sub()));
    else if (f === 14 && w === VARINT) t.dataLocation = r.int64();
    else if (f === 9 && w === LEN) t.raw = r.bytes();
    else if (f === 4 && w === LEN) t.floatData.push(r.bytes());
    else if (f === 4 && w === FIXED32) t.floatValues.push(r.float32());
    else if (f === 10 && w === LEN) t.doubleData.push(r.bytes());
    else if (f === 10 && w === FIXED64) t.floatValues.push(r.float64());
    else if ((f === 5 || f === 11) && w === LEN) t.int32Data.push(r.bytes());
    else if (f === 7 && w === LEN) t.int64Data.push(r.bytes());
    else if ((f === 5 || f === 7 || f === 11) && w === VARINT)
      t.intValues.push(r.int64());
    else r.skip(w);
    // Every payload field counts towards the initializer budget, strings (6) included.
    if ([4, 5, 6, 7, 9, 10, 11].includes(f)) t.payloadBytes += r.pos - start;
  });
  return t;
}

function sparseTensor(r: Reader): SparseTensor {
  const s: SparseTensor = { values: null, indices: null, dims: [] };
  r.each((f, w) => {
    if (f === 1 && w === LEN) s.values = tensor(r.sub());
    else if (f === 2 && w === LEN) s.indices = tensor(r.sub());
    else if (f === 3) r.int64s(w, s.dims);
    else r.skip(w);
  });
  return s;
}

function entry(r: Reader): StringEntry {
  const e: StringEntry = { key: "", value: "" };
  r.each((f, w) => {
    if (f === 1 && w === LEN) e.key = r.string();
    else if (f === 2 && w === LEN) e.value = r.string();
    else r.skip(w);
  });
  return e;
}

function functionDef(r: Reader): FunctionDef {
  const fn: FunctionDef = {
    name: "",
    domain: "",
    overload: "",
    inputs: [],
    outputs: [],
    attributes: [],
    nodes: [],
    opsetImports: [],
    valueInfo: [],
  };
  r.each((f, w) => {
    if (w !== LEN) return r.skip(w);
    if (f === 1) fn.name = r.string();
    else if (f === 10) fn.domain = r.string();
    else if (f === 13) fn.overload = r.string();
    else if (f === 4) fn.inputs.push(r.string());
    else if (f === 5) fn.outputs.push(r.string());
    else if (f === 11) fn.attributes.push(attribute(r.sub()));
    else if (f === 7) fn.nodes.push(node(r.sub()));
    else if (f === 9) fn.opsetImports.push(opset(r.sub()));
    else if (f === 12) fn.valueInfo.push(valueInfo(r.sub()));
    else r.skip(w);
  });
  return fn;
}

function valueInfo(r: Reader): ValueInfo {
  const v: ValueInfo = { name: "", type: null };
  r.each((f, w) => {
    if (f === 1 && w === LEN) v.name = r.string();
    else if (f === 2 && w === LEN) v.type = typeInfo(r.sub());
    else r.skip(w);
  });
  return v;
}

const TYPE_KINDS: Record<number, TypeInfo["kind"]> = {
  1: "tensor",
  4: "sequence",
  5: "map",
  9: "optional",
  8: "sparse_tensor",
};

function typeInfo(r: Reader): TypeInfo {
  const t: TypeInfo = { kind: "other", elemType: 0, shape: null, elem: null };
  r.each((f, w) => {
    const kind = TYPE_KINDS[f];
    if (!kind || w !== LEN) return r.skip(w);
    t.kind = kind;
    const inner = r.sub();
    inner.each((g, w2) => {
      // Tensor/SparseTensor: elem_type 1 (an enum), shape 2; Sequence/Optional: elem_type 1 (a TypeProto); Map: value_type 2.
      if (
        (kind === "tensor" || kind === "sparse_tensor") &&
        g === 1 &&
        w2 === VARINT
      )
        t.elemType = inner.int64();
      else if (
        (kind === "tensor" || kind === "sparse_tensor") &&
        g === 2 &&
        w2 === LEN
      )
        t.shape = shape(inner.sub());
      else if (
        (kind === "sequence" || kind === "optional") &&
        g === 1 &&
        w2 === LEN
      )
        t.elem = typeInfo(inner.sub());
      else if (kind === "map" && g === 2 && w2 === LEN)
        t.elem = typeInfo(inner.sub());
      else inner.skip(w2);
    });
  });
  return t;
}

function shape(r: Reader): Dim[] {
  const dims: Dim[] = [];
  r.each((f, w) => {
    if (f !== 1 || w !== LEN) return r.skip(w);
    const d = r.sub();
    let dim: Dim = null;
    d.each((g, w2) => {
      if (g === 1 && w2 === VARINT) dim = d.int64();
      else if (g === 2 && w2 === LEN) dim = d.string();
      else d.skip(w2);
    });
    dims.push(dim);
  });
  return dims;
}

const utf8 = new TextDecoder("utf-8", { fatal: false });

/** A cursor over [pos, end) of one buffer; `sub()` hands out a nested message's reader one level deeper. */
class Reader {
  constructor(
    private readonly buf: Uint8Array,
    public pos: number,
    private readonly end: number,
    private readonly depth: number,
  ) {
    if (depth > MAX_MESSAGE_DEPTH)
      throw new ProtoError(
        `messages nest deeper than ${MAX_MESSAGE_DEPTH} levels`,
      );
  }

  /** Calls `field` for every tag until the end of this message; the callback must consume the value. */
  each(field: (fieldNumber: number, wireType: number) => void): void {
    while (this.pos < this.end) {
      const tag = this.varint();
      const fieldNumber = Math.floor(tag / 8);
      if (fieldNumber === 0)
        throw new ProtoError(`field number 0 at byte ${this.pos}`);
      const before = this.pos;
      field(fieldNumber, tag % 8);
      // Every branch reads at least a byte; this guards the loop against a callback that forgets to.
      if (this.pos <= before)
        throw new ProtoError(`value not consumed at byte ${before}`);
    }
    if (this.pos !== this.end)
      throw new ProtoError("a field runs past the end of its message");
  }

  /** An unsigned varint as a number (exact up to 2^53, larger values lose precision but stay huge). */
  varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new ProtoError("truncated varint");
      const b = this.buf[this.pos++] as number;
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 128;
    }
    throw new ProtoError(`varint longer than 10 bytes at byte ${this.pos}`);
  }

  /** A (two's complement) int64 varint: -1 is written as ten bytes, read back as -1. */
  int64(): number {
    const start = this.pos;
    const v = this.varint();
    if (this.pos - start <= 7) return v;
    // Past 49 bits a double cannot hold the value exactly, and negatives need all 64: decode again exactly.
    let big = 0n;
    for (let i = this.pos - 1; i >= start; i--)
      big = (big << 7n) | BigInt((this.buf[i] as number) & 0x7f);
    return Number(BigInt.asIntN(64, big));
  }

  /** A repeated int64 field, packed (LEN) or not (VARINT), appended to `out`. */
  int64s(wire: number, out: number[]): void {
    if (wire === VARINT) out.push(this.int64());
    else if (wire === LEN) {
      const packed = this.sub();
      while (packed.pos < packed.end) out.push(packed.int64());
    } else this.skip(wire);
  }

  length(): number {
    const n = this.varint();
    if (n > this.end - this.pos)
      throw new ProtoError(
        `a length of ${n} bytes runs past the end of the data (${this.end - this.pos} left)`,
      );
    return n;
  }

  /** A length-delimited value as a view into the buffer (no copy). */
  bytes(): Uint8Array {
    const n = this.length();
    const view = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return view;
  }

  string(): string {
    return utf8.decode(this.bytes());
  }

  sub(): Reader {
    const n = this.length();
    const r = new Reader(this.buf, this.pos, this.pos + n, this.depth + 1);
    this.pos += n;
    return r;
  }

  float32(): number {
    this.need(4);
    const v = new DataView(
      this.buf.buffer,
      this.buf.byteOffset + this.pos,
      4,
    ).getFloat32(0, true);
    this.pos += 4;
    return v;
  }

  float64(): number {
    this.need(8);
    const v = new DataView(
      this.buf.buffer,
      this.buf.byteOffset + this.pos,
      8,
    ).getFloat64(0, true);
    this.pos += 8;
    return v;
  }

  skip(wire: number): void {
    if (wire === VARINT) this.varint();
    else if (wire === FIXED64) this.advance(8);
    else if (wire === LEN) this.advance(this.length());
    else if (wire === FIXED32) this.advance(4);
    else
      throw new ProtoError(`unsupported wire type ${wire} at byte ${this.pos}`);
  }

  private advance(n: number): void {
    this.need(n);
    this.pos += n;
  }

  private need(n: number): void {
    if (n > this.end - this.pos)
      throw new ProtoError(
        `truncated: ${n} bytes needed at byte ${this.pos}, ${this.end - this.pos} left`,
      );
  }
}

/** Decodes a packed little-endian buffer of `width`-byte values (views only as long as `max` allows). */
export function decodePacked(
  view: Uint8Array,
  kind: "float32" | "float64" | "int32" | "int64" | "varint",
  max: number,
): number[] | null {
  const out: number[] = [];
  if (kind === "varint") {
    const r = new Reader(view, 0, view.length, 0);
    while (r.pos < view.length) {
      if (out.length >= max) return null;
      out.push(r.int64());
    }
    return out;
  }
  const width = kind === "float32" || kind === "int32" ? 4 : 8;
  if (view.length % width !== 0)
    throw new ProtoError(
      `a ${kind} payload of ${view.length} bytes is not a whole number of values`,
    );
  const n = view.length / width;
  if (n > max) return null;
  const dv = new DataView(view.buffer, view.byteOffset, view.length);
  for (let i = 0; i < n; i++) {
    const o = i * width;
    if (kind === "float32") out.push(dv.getFloat32(o, true));
    else if (kind === "float64") out.push(dv.getFloat64(o, true));
    else if (kind === "int32") out.push(dv.getInt32(o, true));
    else out.push(Number(dv.getBigInt64(o, true)));
  }
  return out;
}
