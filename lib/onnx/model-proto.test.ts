import { describe, expect, it } from "vitest";
import { ProtoWriter } from "@/lib/ml/protobuf";
import { mulberry32 } from "@/lib/ml/random";
import { buildModel, demoModel } from "./crafted";
import {
  decodePacked,
  MAX_MESSAGE_DEPTH,
  parseModel,
  ProtoError,
} from "./model-proto";

const demo = () => demoModel();

describe("the ONNX model reader", () => {
  it("reads the exporter's model for real: opsets, nodes, initializers and the declared shapes", () => {
    const m = parseModel(demo());
    expect(m.irVersion).toBe(8);
    expect(m.opsetImports).toEqual([{ domain: "", version: 13 }]);
    expect(m.graph?.nodes.map((n) => n.opType)).toEqual([
      "Sub",
      "Div",
      "MatMul",
      "Add",
      "Sigmoid",
    ]);
    expect(
      m.graph?.initializers.map((t) => [t.name, t.dims, t.dataType]),
    ).toEqual([
      ["mean", [2], 1],
      ["std", [2], 1],
      ["weights", [2, 1], 1],
      ["intercept", [1], 1],
    ]);
    expect(
      decodePacked(
        m.graph?.initializers[2]?.floatData[0] ?? new Uint8Array(),
        "float32",
        10,
      ),
    ).toHaveLength(2);
    expect(m.graph?.inputs[0]).toMatchObject({
      name: "X",
      type: { kind: "tensor", elemType: 1, shape: ["N", 2] },
    });
    expect(m.graph?.outputs[0]).toMatchObject({
      name: "prediction",
      type: { shape: ["N", 1] },
    });
  });

  it("reads subgraphs in attributes, functions, training info and sparse initializers", () => {
    const inner = {
      name: "then",
      nodes: [{ op: "Identity", inputs: ["x"], outputs: ["y"] }],
      inputs: [],
      outputs: [{ name: "y" }],
    };
    const m = parseModel(
      buildModel({
        graph: {
          nodes: [
            {
              op: "If",
              inputs: ["c"],
              outputs: ["y"],
              attrs: [
                { name: "then_branch", g: inner },
                { name: "else_branch", g: inner },
              ],
            },
          ],
          sparse: [
            {
              values: { name: "sv", dims: [1], floats: [1] },
              indices: { name: "si", dims: [1], int64s: [3] },
              dims: [10],
            },
          ],
          inputs: [{ name: "c" }],
          outputs: [{ name: "y" }],
        },
        functions: [
          {
            name: "Twice",
            domain: "local",
            inputs: ["a"],
            outputs: ["b"],
            nodes: [{ op: "Add", inputs: ["a", "a"], outputs: ["b"] }],
          },
        ],
        trainingInfo: [{ algorithm: inner }],
      }),
    );
    expect(
      m.graph?.nodes[0]?.attributes.map((a) => [a.name, a.type, a.g?.name]),
    ).toEqual([
      ["then_branch", 5, "then"],
      ["else_branch", 5, "then"],
    ]);
    expect(m.graph?.sparseInitializers[0]).toMatchObject({
      dims: [10],
      values: { name: "sv" },
      indices: { name: "si" },
    });
    expect(m.functions[0]).toMatchObject({
      name: "Twice",
      domain: "local",
      inputs: ["a"],
      outputs: ["b"],
      nodes: [{ opType: "Add" }],
    });
    expect(m.trainingInfo[0]?.algorithm?.nodes[0]?.opType).toBe("Identity");
  });

  it("reads a negative int64 (ten-byte varint) exactly, as a Reshape's -1 is written", () => {
    // TensorProto { dims: [2] (packed), data_type: INT64, int64_data: unpacked 3, -1 }
    const minusOne = [
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
    ];
    const tensor = Uint8Array.from([
      0x0a,
      0x01,
      0x02,
      0x10,
      0x07,
      0x38,
      0x03,
      0x38,
      ...minusOne,
    ]);
    const graph = new ProtoWriter().bytes(5, tensor).finish();
    const m = parseModel(
      new ProtoWriter().varint(1, 8).bytes(7, graph).finish(),
    );
    expect(m.graph?.initializers[0]?.intValues).toEqual([3, -1]);
    expect(decodePacked(Uint8Array.from(minusOne), "varint", 4)).toEqual([-1]);
  });

  it("refuses a length that runs past the data without allocating it", () => {
    // graph (field 7, LEN) declaring 2^40 bytes, followed by three bytes.
    const bytes = Uint8Array.from([
      0x3a, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20, 1, 2, 3,
    ]);
    expect(() => parseModel(bytes)).toThrow(ProtoError);
    expect(() => parseModel(bytes)).toThrow(/runs past the end/);
  });

  it("stops at a nesting depth limit instead of overflowing the stack", () => {
    // Graphs in If attributes in nodes in graphs, far deeper than any real model.
    let graph = new ProtoWriter().string(2, "leaf").finish();
    for (let i = 0; i < MAX_MESSAGE_DEPTH; i++) {
      const attr = new ProtoWriter()
        .string(1, "then_branch")
        .bytes(6, graph)
        .finish();
      const node = new ProtoWriter().string(4, "If").bytes(5, attr).finish();
      graph = new ProtoWriter().bytes(1, node).finish();
    }
    expect(() =>
      parseModel(new ProtoWriter().varint(1, 8).bytes(7, graph).finish()),
    ).toThrow(/nest deeper than/);
  });

  it("throws only ProtoError on truncated, corrupted or random input, never anything else", () => {
    const good = demo();
    const rand = mulberry32(7);
    const outcomes = new Set<string>();
    const attempt = (bytes: Uint8Array) => {
      try {
        parseModel(bytes);
        outcomes.add("parsed");
      } catch (error) {
        expect(error).toBeInstanceOf(ProtoError);
        outcomes.add("refused");
      }
    };
    for (let cut = 0; cut < good.length; cut += 3)
      attempt(good.subarray(0, cut));
    for (let i = 0; i < 2000; i++) {
      const bytes = Uint8Array.from(good);
      for (let k = 0; k < 3; k++)
        bytes[Math.floor(rand() * bytes.length)] = Math.floor(rand() * 256);
      attempt(bytes);
    }
    for (let i = 0; i < 500; i++)
      attempt(
        Uint8Array.from({ length: 1 + Math.floor(rand() * 400) }, () =>
          Math.floor(rand() * 256),
        ),
      );
    expect(outcomes).toEqual(new Set(["parsed", "refused"]));
  });
});
