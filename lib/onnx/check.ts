// The safety check every ONNX model passes before it is stored and again before it is loaded:
// a model is untrusted input that onnxruntime would otherwise let read files (external data),
// run operators from any registered domain, or allocate tensors far beyond its own size.
//
// Long on purpose: one pass over one graph (checkOnnx's refusals and the constant propagation
// they rely on); each refusal reads what the walk before it worked out.
import { onnxLimits, type OnnxLimits } from "@/lib/config";
import { DomainError } from "@/lib/errors";
import {
  decodePacked,
  parseModel,
  ProtoError,
  type Attribute,
  type Graph,
  type Model,
  type Node,
  type SparseTensor,
  type Tensor,
} from "./model-proto";

/** Operator domains onnxruntime implements from the ONNX standard; vendor domains (com.microsoft, ...) are refused. */
export const STANDARD_DOMAINS = ["", "ai.onnx", "ai.onnx.ml"] as const;

export type OnnxSummary = {
  nodes: number;
  initializerBytes: number;
  graphDepth: number;
};

/** Constant values known by name in a graph's scope (initializers, Constant outputs), for shape inputs. */
type Constants = Map<string, number[]>;

/** Shape-like constants are short; a longer one is not a shape and is not decoded. */
const MAX_CONSTANT_VALUES = 64;

/**
 * Parses `bytes` as an ONNX ModelProto and refuses it (DomainError "invalid", naming `artifactPath`
 * and the reason) if it reaches outside its own bytes, uses a non-standard operator domain, is over
 * `limits`, or provably asks for more output or tensor elements than allowed.
 */
export function checkOnnx(
  bytes: Uint8Array,
  artifactPath: string,
  limits: OnnxLimits = onnxLimits(),
): OnnxSummary {
  const refuse = (reason: string) =>
    refusal(artifactPath, `is refused: ${reason}`, reason);
  const malformed = (detail: string) =>
    refusal(
      artifactPath,
      `is not a valid ONNX model (${detail})`,
      `not a valid ONNX model (${detail})`,
    );
  assertOnnxSize(bytes.length, artifactPath, limits);
  let model: Model;
  try {
    model = parseModel(bytes);
  } catch (error) {
    if (error instanceof ProtoError) throw malformed(error.message);
    throw error;
  }
  // Random bytes can parse as protobuf by chance; an ONNX model has an IR version, an opset and a graph.
  if (!model.graph) throw malformed("no graph");
  if (model.irVersion < 1) throw malformed("no IR version");
  if (model.opsetImports.length === 0) throw malformed("no opset_import");
  const checker = new Checker(model, limits, refuse);
  try {
    checker.run();
  } catch (error) {
    if (error instanceof ProtoError) throw malformed(error.message);
    throw error;
  }
  return checker.summary;
}

/** Refuses a file over STAGELINE_ONNX_MAX_BYTES from its size alone, so it need not be read to be refused. */
export function assertOnnxSize(
  size: number,
  artifactPath: string,
  limits: OnnxLimits = onnxLimits(),
): void {
  if (size <= limits.maxBytes) return;
  const reason = `the file is ${size} bytes, over the ONNX limit of ${limits.maxBytes} (STAGELINE_ONNX_MAX_BYTES)`;
  throw refusal(artifactPath, `is refused: ${reason}`, reason);
}

function refusal(
  artifactPath: string,
  message: string,
  reason: string,
): DomainError {
  return new DomainError("invalid", `Artifact '${artifactPath}' ${message}`, {
    fields: { path: [reason] },
    artifact: artifactPath,
  });
}

class Checker {
  readonly summary: OnnxSummary = {
    nodes: 0,
    initializerBytes: 0,
    graphDepth: 0,
  };
  /** `domain\0name` of every model-local function: nodes may call these besides the standard operators. */
  private readonly functions: Set<string>;

  constructor(
    private readonly model: Model,
    private readonly limits: OnnxLimits,
    private readonly refuse: (reason: string) => DomainError,
  ) {
    this.functions = new Set(
      model.functions.map((f) => `${f.domain}\u0000${f.name}`),
    );
  }

  run(): void {
    const main = this.model.graph as Graph;
    this.graph(main, `graph '${main.name}'`, 0, new Map());
    this.outputs(main);
    this.model.trainingInfo.forEach((t, i) => {
      if (t.initialization)
        this.graph(
          t.initialization,
          `training_info[${i}].initialization`,
          0,
          new Map(),
        );
      if (t.algorithm)
        this.graph(t.algorithm, `training_info[${i}].algorithm`, 0, new Map());
    });
    for (const fn of this.model.functions) {
      const where = `function '${fn.domain ? `${fn.domain}.` : ""}${fn.name}'`;
      for (const a of fn.attributes)
        this.attribute(a, `${where} › attribute '${a.name}'`, 0, new Map());
      this.nodes(fn.nodes, where, 0, new Map());
    }
  }

  private graph(
    g: Graph,
    where: string,
    depth: number,
    outer: Constants,
  ): void {
    if (depth > this.limits.maxGraphDepth)
      throw this.refuse(
        `${where} nests subgraphs ${depth} deep, over the limit of ${this.limits.maxGraphDepth} (STAGELINE_ONNX_MAX_GRAPH_DEPTH)`,
      );
    this.summary.graphDepth = Math.max(this.summary.graphDepth, depth);
    const constants: Constants = new Map(outer);
    for (const t of g.initializers) {
      this.tensor(t, `${where} › initializer '${t.name}'`);
      const values = constantValues(t);
      if (values) constants.set(t.name, values);
    }
    for (const s of g.sparseInitializers)
      this.sparse(s, `${where} › sparse initializer '${s.values?.name ?? ""}'`);
    this.nodes(g.nodes, where, depth, constants);
  }

  private nodes(
    nodes: Node[],
    where: string,
    depth: number,
    constants: Constants,
  ): void {
    for (const n of nodes) {
      this.summary.nodes++;
      if (this.summary.nodes > this.limits.maxNodes)
        throw this.refuse(
          `the model has more than ${this.limits.maxNodes} nodes (STAGELINE_ONNX_MAX_NODES)`,
        );
      const at = `${where} › node '${n.name || n.outputs[0] || "?"}' (${n.opType})`;
      if (
        !(STANDARD_DOMAINS as readonly string[]).includes(n.domain) &&
        !this.functions.has(`${n.domain}\u0000${n.opType}`)
      ) {
        throw this.refuse(
          `${at} uses operator domain '${n.domain}', which is not allowed (only ${STANDARD_DOMAINS.map((d) => `'${d}'`).join(", ")} and the model's own functions)`,
        );
      }
      for (const a of n.attributes)
        this.attribute(a, `${at} › attribute '${a.name}'`, depth, constants);
      this.amplification(n, at, constants);
      // Propagate after the checks, so later nodes see this node's constant output.
      propagate(n, constants);
    }
  }

  private attribute(
    a: Attribute,
    where: string,
    depth: number,
    constants: Constants,
  ): void {
    if (a.t) this.tensor(a.t, where);
    a.tensors.forEach((t, i) => this.tensor(t, `${where}[${i}]`));
    if (a.sparseTensor) this.sparse(a.sparseTensor, where);
    a.sparseTensors.forEach((s, i) => this.sparse(s, `${where}[${i}]`));
    if (a.g)
      this.graph(a.g, `${where} › graph '${a.g.name}'`, depth + 1, constants);
    a.graphs.forEach((g, i) =>
      this.graph(g, `${where}[${i}] › graph '${g.name}'`, depth + 1, constants),
    );
  }

  private tensor(t: Tensor, where: string): void {
    if (t.dataLocation !== 0 || t.externalData.length > 0) {
      const location = t.externalData.find((e) => e.key === "location")?.value;
      throw this.refuse(
        `${where} uses external data${location !== undefined ? ` (location '${location.slice(0, 200)}')` : ""}; a model is loaded only from its own bytes, so save it with every tensor embedded`,
      );
    }
    this.summary.initializerBytes += t.payloadBytes;
    if (this.summary.initializerBytes > this.limits.maxInitializerBytes) {
      throw this.refuse(
        `the model embeds more than ${this.limits.maxInitializerBytes} bytes of tensor data (STAGELINE_ONNX_MAX_INITIALIZER_BYTES)`,
      );
    }
  }

  private sparse(s: SparseTensor, where: string): void {
    if (s.values) this.tensor(s.values, `${where} › values`);
    if (s.indices) this.tensor(s.indices, `${where} › indices`);
    // onnxruntime expands a sparse constant to its dense shape, so the dense size is what it costs.
    this.elements(
      product(s.dims),
      `${where} (a sparse tensor of shape [${s.dims.join(", ")}])`,
    );
  }

  /** Declared outputs of the main graph: everything after the batch dimension is per row. */
  private outputs(g: Graph): void {
    for (const o of g.outputs) {
      const shape = o.type?.shape;
      if (!shape) continue;
      const fixed = shape
        .slice(1)
        .filter((d): d is number => typeof d === "number" && d > 0);
      const perRow = product(fixed);
      if (perRow > this.limits.maxOutputsPerRow) {
        throw this.refuse(
          `output '${o.name}' declares ${perRow} values per row (shape [${shape.map((d) => d ?? "?").join(", ")}]), over the limit of ${this.limits.maxOutputsPerRow} (STAGELINE_ONNX_MAX_OUTPUTS_PER_ROW)`,
        );
      }
    }
  }

  /** Operators whose output size is set by a shape-like input: refused when that input is a constant asking for too much. */
  private amplification(n: Node, where: string, constants: Constants): void {
    if (n.domain !== "" && n.domain !== "ai.onnx") return;
    const input = (i: number) => {
      const name = n.inputs[i];
      return name ? constants.get(name) : undefined;
    };
    const check = (count: number, what: string) =>
      this.elements(count, `${where} ${what}`);
    switch (n.opType) {
      case "ConstantOfShape":
      case "Expand":
      case "Reshape": {
        const shape = input(n.opType === "ConstantOfShape" ? 0 : 1);
        if (shape)
          check(
            product(shape.filter((d) => d > 0)),
            `asks for shape [${shape.join(", ")}]`,
          );
        break;
      }
      case "Tile": {
        const repeats = input(1);
        if (repeats)
          check(
            product(repeats) * Math.max(1, input(0)?.length ?? 1),
            `repeats its input [${repeats.join(", ")}] times`,
          );
        break;
      }
      case "Range": {
        const [start, limit, delta] = [
          input(0)?.[0],
          input(1)?.[0],
          input(2)?.[0],
        ];
        if (start === undefined || limit === undefined || delta === undefined)
          break;
        if (delta === 0) throw this.refuse(`${where} has a delta of 0`);
        check(
          Math.max(Math.ceil((limit - start) / delta), 0),
          `counts from ${start} to ${limit} by ${delta}`,
        );
        break;
      }
      case "Resize":
      case "Upsample": {
        // Resize (opset 11+): X, roi, scales, sizes; Resize-10 and Upsample: X, scales (or a scales attribute).
        const sizes = n.opType === "Resize" ? input(3) : undefined;
        if (sizes)
          check(product(sizes), `asks for sizes [${sizes.join(", ")}]`);
        const scales =
          input(n.opType === "Resize" && n.inputs.length > 2 ? 2 : 1) ??
          n.attributes.find((a) => a.name === "scales")?.floats;
        if (scales?.length)
          check(
            product(scales.map((s) => Math.max(s, 1))) *
              Math.max(1, input(0)?.length ?? 1),
            `scales its input by [${scales.join(", ")}]`,
          );
        break;
      }
    }
  }

  private elements(count: number, what: string): void {
    if (count > this.limits.maxTensorElements)
      throw this.refuse(
        `${what}: ${formatCount(count)} elements, over the limit of ${this.limits.maxTensorElements} (STAGELINE_ONNX_MAX_TENSOR_ELEMENTS)`,
      );
  }
}

/** A Constant node's value and the few shape-preserving operators over constants, so `Concat(Constant, Constant)` is still seen. */
function propagate(n: Node, constants: Constants): void {
  const out = n.outputs[0];
  if (!out || (n.domain !== "" && n.domain !== "ai.onnx")) return;
  let values: number[] | null = null;
  if (n.opType === "Constant") {
    const a = n.attributes[0];
    if (a?.t) values = constantValues(a.t);
    else if (a?.name === "value_int" && a.i !== null) values = [a.i];
    else if (a?.name === "value_ints") values = a.ints;
    else if (a?.name === "value_float" && a.f !== null) values = [a.f];
    else if (a?.name === "value_floats") values = a.floats;
  } else if (
    n.opType === "Identity" ||
    n.opType === "Cast" ||
    n.opType === "Squeeze" ||
    n.opType === "Unsqueeze" ||
    n.opType === "Flatten"
  ) {
    values = constants.get(n.inputs[0] ?? "") ?? null;
  } else if (n.opType === "Concat") {
    const parts = n.inputs.map((i) => constants.get(i));
    if (parts.every((p) => p !== undefined)) values = parts.flat();
  }
  if (values && values.length <= MAX_CONSTANT_VALUES)
    constants.set(out, values);
}

/** The values of a small numeric tensor, or null when it is not one (too long, or a type shapes never use). */
function constantValues(t: Tensor): number[] | null {
  const count = product(t.dims);
  if (count > MAX_CONSTANT_VALUES) return null;
  const kind = (
    { 1: "float32", 6: "int32", 7: "int64", 11: "float64" } as const
  )[t.dataType];
  if (!kind) return null;
  if (t.raw) return decodePacked(t.raw, kind, MAX_CONSTANT_VALUES);
  const lists =
    kind === "float32"
      ? t.floatData
      : kind === "float64"
        ? t.doubleData
        : kind === "int32"
          ? t.int32Data
          : t.int64Data;
  const unpacked =
    kind === "float32" || kind === "float64" ? t.floatValues : t.intValues;
  if (unpacked.length > MAX_CONSTANT_VALUES) return null;
  const values = [...unpacked];
  for (const view of lists) {
    const decoded = decodePacked(
      view,
      kind === "float32"
        ? "float32"
        : kind === "float64"
          ? "float64"
          : "varint",
      MAX_CONSTANT_VALUES,
    );
    if (!decoded) return null;
    values.push(...decoded);
    if (values.length > MAX_CONSTANT_VALUES) return null;
  }
  return values;
}

function product(values: readonly number[]): number {
  return values.reduce((p, v) => p * v, 1);
}

function formatCount(n: number): string {
  return Number.isFinite(n)
    ? Math.round(n).toLocaleString("en-US")
    : "unbounded";
}
