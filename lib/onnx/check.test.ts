// The ONNX upload rules, each with the crafted graphs that break it. Past 300 lines: the graphs are
// written out in the cases (a hidden fixture would hide what is refused).
import { describe, expect, it } from "vitest";
import { onnxLimits } from "@/lib/config";
import { DomainError } from "@/lib/errors";
import { fitLogistic, fitRidge } from "@/lib/ml/models";
import { exportOnnx } from "@/lib/ml/onnx-export";
import { mulberry32 } from "@/lib/ml/random";
import {
  buildModel,
  exfiltratingModel,
  INT64,
  rowAmplifyingModel,
  type GraphSpec,
  type NodeSpec,
  type TensorSpec,
} from "./crafted";
import { checkOnnx } from "./check";

const X = [
  [1, 2],
  [2, 1],
  [3, 3],
  [0, 1],
];
const demoModels = () => [
  exportOnnx(fitLogistic(["a", "b"], X, [0, 0, 1, 1], 1)),
  exportOnnx(fitRidge(["a", "b"], X, [1, 2, 3, 4], 1)),
];

/** The refusal checkOnnx throws for `bytes`, as a user sees it. */
function refusal(
  bytes: Uint8Array,
  limits = onnxLimits(),
): { message: string; code: string; fields: Record<string, string[]> } {
  try {
    checkOnnx(bytes, "model/model.onnx", limits);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return {
      message: error.message,
      code: error.code,
      fields: error.details?.fields ?? {},
    };
  }
  throw new Error("the model was accepted");
}

const io = {
  inputs: [{ name: "X", shape: ["N", 1] }],
  outputs: [{ name: "y", shape: ["N", 1] }],
};
const external = (location: string): TensorSpec => ({
  name: "w",
  dims: [4],
  external: { location, length: 16 },
});
const graphWith = (
  nodes: NodeSpec[],
  initializers: TensorSpec[] = [],
): GraphSpec => ({ nodes, initializers, ...io });

describe("checkOnnx", () => {
  it("passes the demo's exported models with the default limits", () => {
    for (const bytes of demoModels()) {
      const summary = checkOnnx(bytes, "model.onnx");
      expect(summary.nodes).toBeGreaterThanOrEqual(4);
      expect(summary.graphDepth).toBe(0);
    }
  });

  it("refuses initializers with external data, relative or absolute, with a 400 naming the artifact and the location", () => {
    for (const location of [
      "../../secret",
      "/srv/stageline/data/secret",
      "stageline.db",
    ]) {
      const r = refusal(exfiltratingModel(location));
      expect(r.code).toBe("invalid");
      expect(r.message).toContain("'model/model.onnx'");
      expect(r.message).toContain("external data");
      expect(r.message).toContain(`location '${location}'`);
      expect(r.message).toContain("initializer 'secret'");
      expect(r.fields.path?.[0]).toContain("external data");
    }
  });

  it("refuses an external_data entry even without data_location EXTERNAL", () => {
    const bytes = buildModel({
      graph: graphWith(
        [{ op: "Add", inputs: ["X", "w"], outputs: ["y"] }],
        [
          {
            name: "w",
            dims: [1],
            external: { location: "secret", dataLocation: false },
          },
        ],
      ),
    });
    expect(refusal(bytes).message).toContain("external data");
  });

  it("finds external data in tensor attributes of subgraphs (If, Loop), functions, training info and sparse initializers", () => {
    const constant: NodeSpec = {
      op: "Constant",
      inputs: [],
      outputs: ["k"],
      attrs: [{ name: "value", t: external("../secret") }],
    };
    const branch: GraphSpec = {
      name: "then",
      nodes: [constant],
      inputs: [],
      outputs: [{ name: "k" }],
    };
    const plain: GraphSpec = {
      name: "else",
      nodes: [],
      initializers: [{ name: "k", dims: [1], floats: [0] }],
      inputs: [],
      outputs: [{ name: "k" }],
    };
    const cases: [string, Uint8Array][] = [
      [
        "If then_branch",
        buildModel({
          graph: graphWith([
            {
              op: "If",
              inputs: ["c"],
              outputs: ["y"],
              attrs: [
                { name: "then_branch", g: branch },
                { name: "else_branch", g: plain },
              ],
            },
          ]),
        }),
      ],
      [
        "Loop body",
        buildModel({
          graph: graphWith([
            {
              op: "Loop",
              inputs: ["n", "c"],
              outputs: ["y"],
              attrs: [
                {
                  name: "body",
                  g: {
                    ...branch,
                    name: "body",
                    initializers: [external("/etc/passwd")],
                  },
                },
              ],
            },
          ]),
        }),
      ],
      [
        "a Loop inside an If",
        buildModel({
          graph: graphWith([
            {
              op: "If",
              inputs: ["c"],
              outputs: ["y"],
              attrs: [
                {
                  name: "then_branch",
                  g: {
                    name: "outer",
                    nodes: [
                      {
                        op: "Loop",
                        inputs: [],
                        outputs: ["k"],
                        attrs: [{ name: "body", g: branch }],
                      },
                    ],
                    inputs: [],
                    outputs: [],
                  },
                },
              ],
            },
          ]),
        }),
      ],
      [
        "a model-local function",
        buildModel({
          graph: graphWith([
            { op: "F", domain: "local", inputs: ["X"], outputs: ["y"] },
          ]),
          functions: [
            {
              name: "F",
              domain: "local",
              inputs: ["a"],
              outputs: ["b"],
              nodes: [constant],
            },
          ],
        }),
      ],
      [
        "training info",
        buildModel({
          graph: graphWith([{ op: "Identity", inputs: ["X"], outputs: ["y"] }]),
          trainingInfo: [
            {
              algorithm: {
                nodes: [],
                initializers: [external("secret")],
                inputs: [],
                outputs: [],
              },
            },
          ],
        }),
      ],
      [
        "a sparse initializer",
        buildModel({
          graph: {
            ...graphWith([{ op: "Identity", inputs: ["X"], outputs: ["y"] }]),
            sparse: [
              {
                values: external("secret"),
                indices: { name: "i", dims: [1], int64s: [0] },
                dims: [4],
              },
            ],
          },
        }),
      ],
    ];
    for (const [where, bytes] of cases) {
      const r = refusal(bytes);
      expect(r.message, where).toContain("external data");
    }
    expect(refusal(cases[0]?.[1] as Uint8Array).message).toMatch(
      /node 'If_y' \(If\) › attribute 'then_branch' › graph 'then' › node 'Constant_k' \(Constant\) › attribute 'value'/,
    );
  });

  it("refuses operator domains outside the standard ones, except the model's own functions, whose bodies are checked too", () => {
    const vendor = buildModel({
      graph: graphWith([
        {
          op: "Attention",
          domain: "com.microsoft",
          inputs: ["X"],
          outputs: ["y"],
        },
      ]),
    });
    expect(refusal(vendor).message).toContain(
      "operator domain 'com.microsoft', which is not allowed",
    );
    const ml = buildModel({
      graph: graphWith([
        {
          op: "Normalizer",
          domain: "ai.onnx.ml",
          inputs: ["X"],
          outputs: ["y"],
        },
      ]),
    });
    expect(() => checkOnnx(ml, "m.onnx")).not.toThrow();
    const local = (body: NodeSpec[]) =>
      buildModel({
        graph: graphWith([
          { op: "Twice", domain: "team.local", inputs: ["X"], outputs: ["y"] },
        ]),
        functions: [
          {
            name: "Twice",
            domain: "team.local",
            inputs: ["a"],
            outputs: ["b"],
            nodes: body,
          },
        ],
      });
    expect(() =>
      checkOnnx(
        local([{ op: "Add", inputs: ["a", "a"], outputs: ["b"] }]),
        "m.onnx",
      ),
    ).not.toThrow();
    expect(
      refusal(
        local([
          { op: "Unique", domain: "custom.ops", inputs: ["a"], outputs: ["b"] },
        ]),
      ).message,
    ).toMatch(
      /function 'team.local.Twice' › node .* uses operator domain 'custom.ops'/,
    );
    // Another op in a function's domain is not a function of the model.
    const other = buildModel({
      graph: graphWith([
        { op: "Thrice", domain: "team.local", inputs: ["X"], outputs: ["y"] },
      ]),
      functions: [
        {
          name: "Twice",
          domain: "team.local",
          inputs: ["a"],
          outputs: ["b"],
          nodes: [],
        },
      ],
    });
    expect(refusal(other).message).toContain("operator domain 'team.local'");
  });

  it("answers garbage, truncated and empty files with 400 'not a valid ONNX model', never anything else", () => {
    const good = demoModels()[0] as Uint8Array;
    for (const bytes of [
      new Uint8Array(),
      good.subarray(0, good.length - 5),
      new TextEncoder().encode("GIF89a this is not a model"),
      Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]),
    ]) {
      const r = refusal(bytes);
      expect(r.code).toBe("invalid");
      expect(r.message).toMatch(
        /^Artifact 'model\/model.onnx' is not a valid ONNX model \(/,
      );
    }
    const rand = mulberry32(11);
    for (let i = 0; i < 1500; i++) {
      const bytes = Uint8Array.from(good);
      for (let k = 0; k < 4; k++)
        bytes[Math.floor(rand() * bytes.length)] = Math.floor(rand() * 256);
      try {
        checkOnnx(bytes, "m.onnx");
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
      }
    }
  });

  it("refuses graphs over the configured limits: file bytes, nodes, embedded tensor bytes, subgraph depth", () => {
    const limits = onnxLimits();
    const chain = (n: number) =>
      buildModel({
        graph: graphWith(
          Array.from({ length: n }, (_, i) => ({
            op: "Identity",
            inputs: [i ? `t${i - 1}` : "X"],
            outputs: [i === n - 1 ? "y" : `t${i}`],
          })),
        ),
      });
    expect(() =>
      checkOnnx(chain(50), "m.onnx", { ...limits, maxNodes: 50 }),
    ).not.toThrow();
    expect(refusal(chain(51), { ...limits, maxNodes: 50 }).message).toContain(
      "more than 50 nodes (STAGELINE_ONNX_MAX_NODES)",
    );
    const big = buildModel({
      graph: graphWith(
        [{ op: "Add", inputs: ["X", "w"], outputs: ["y"] }],
        [{ name: "w", dims: [1000], floats: new Array(1000).fill(1) }],
      ),
    });
    expect(
      refusal(big, { ...limits, maxInitializerBytes: 2000 }).message,
    ).toContain("STAGELINE_ONNX_MAX_INITIALIZER_BYTES");
    expect(refusal(big, { ...limits, maxBytes: 1000 }).message).toMatch(
      /the file is \d+ bytes, over the ONNX limit of 1000/,
    );
    let g: GraphSpec = { name: "leaf", nodes: [], inputs: [], outputs: [] };
    for (let i = 0; i < 4; i++)
      g = {
        name: `level${i}`,
        nodes: [
          {
            op: "If",
            inputs: ["c"],
            outputs: ["o"],
            attrs: [{ name: "then_branch", g }],
          },
        ],
        inputs: [],
        outputs: [],
      };
    const deep = buildModel({ graph: { ...g, ...io } });
    expect(
      checkOnnx(deep, "m.onnx", { ...limits, maxGraphDepth: 4 }).graphDepth,
    ).toBe(4);
    expect(refusal(deep, { ...limits, maxGraphDepth: 3 }).message).toContain(
      "nests subgraphs 4 deep",
    );
  });

  it("refuses shape-making operators whose constant shape asks for more elements than allowed (ConstantOfShape of 100M)", () => {
    const shape = (dims: number[]): TensorSpec => ({
      name: "shape",
      dims: [dims.length],
      type: INT64,
      int64s: dims,
    });
    const constantNode = (name: string, dims: number[]): NodeSpec => ({
      op: "Constant",
      inputs: [],
      outputs: [name],
      attrs: [{ name: "value", t: shape(dims) }],
    });
    const cases: [string, GraphSpec][] = [
      [
        "ConstantOfShape from an initializer",
        graphWith(
          [{ op: "ConstantOfShape", inputs: ["shape"], outputs: ["y"] }],
          [shape([10_000, 10_000])],
        ),
      ],
      [
        "ConstantOfShape from a Constant node",
        graphWith([
          constantNode("s", [100_000_000]),
          { op: "ConstantOfShape", inputs: ["s"], outputs: ["y"] },
        ]),
      ],
      [
        "ConstantOfShape from Concat(Constant, Constant)",
        graphWith([
          constantNode("a", [10_000]),
          constantNode("b", [10_000]),
          {
            op: "Concat",
            inputs: ["a", "b"],
            outputs: ["s"],
            attrs: [{ name: "axis", i: 0 }],
          },
          { op: "ConstantOfShape", inputs: ["s"], outputs: ["y"] },
        ]),
      ],
      [
        "Expand",
        graphWith(
          [{ op: "Expand", inputs: ["X", "shape"], outputs: ["y"] }],
          [shape([1, 100_000_000])],
        ),
      ],
      [
        "Tile",
        graphWith(
          [{ op: "Tile", inputs: ["X", "shape"], outputs: ["y"] }],
          [shape([1, 100_000_000])],
        ),
      ],
      [
        "Reshape",
        graphWith(
          [{ op: "Reshape", inputs: ["X", "shape"], outputs: ["y"] }],
          [shape([-1, 100_000_000])],
        ),
      ],
      [
        "Range",
        graphWith(
          [
            {
              op: "Range",
              inputs: ["start", "limit", "delta"],
              outputs: ["y"],
            },
          ],
          [
            { name: "start", dims: [], floats: [0] },
            { name: "limit", dims: [], floats: [1e8] },
            { name: "delta", dims: [], floats: [1] },
          ],
        ),
      ],
      [
        "Resize sizes",
        graphWith(
          [{ op: "Resize", inputs: ["X", "", "", "shape"], outputs: ["y"] }],
          [shape([1, 1, 10_000, 10_000])],
        ),
      ],
      [
        "Resize scales",
        graphWith(
          [{ op: "Resize", inputs: ["X", "", "scales"], outputs: ["y"] }],
          [{ name: "scales", dims: [2], floats: [1, 1e8] }],
        ),
      ],
      [
        "a subgraph using an outer constant",
        graphWith(
          [
            {
              op: "If",
              inputs: ["c"],
              outputs: ["y"],
              attrs: [
                {
                  name: "then_branch",
                  g: {
                    nodes: [
                      {
                        op: "ConstantOfShape",
                        inputs: ["shape"],
                        outputs: ["z"],
                      },
                    ],
                    inputs: [],
                    outputs: [{ name: "z" }],
                  },
                },
              ],
            },
          ],
          [shape([1e8])],
        ),
      ],
    ];
    for (const [what, graph] of cases) {
      const r = refusal(buildModel({ graph }));
      expect(r.message, what).toContain("STAGELINE_ONNX_MAX_TENSOR_ELEMENTS");
    }
    expect(
      refusal(buildModel({ graph: cases[1]?.[1] as GraphSpec })).message,
    ).toContain("asks for shape [100000000]: 100,000,000 elements");
    // The same operators with small shapes pass.
    expect(() =>
      checkOnnx(
        buildModel({
          graph: graphWith(
            [{ op: "ConstantOfShape", inputs: ["shape"], outputs: ["y"] }],
            [shape([1000, 1])],
          ),
        }),
        "m.onnx",
      ),
    ).not.toThrow();
    expect(() =>
      checkOnnx(
        buildModel({
          graph: graphWith(
            [{ op: "Reshape", inputs: ["X", "shape"], outputs: ["y"] }],
            [shape([-1, 1])],
          ),
        }),
        "m.onnx",
      ),
    ).not.toThrow();
  });

  it("refuses a sparse constant whose dense shape is huge, since onnxruntime densifies it", () => {
    const bytes = buildModel({
      graph: {
        ...graphWith([{ op: "Identity", inputs: ["X"], outputs: ["y"] }]),
        sparse: [
          {
            values: { name: "v", dims: [1], floats: [1] },
            indices: { name: "i", dims: [1], int64s: [0] },
            dims: [100_000, 100_000],
          },
        ],
      },
    });
    expect(refusal(bytes).message).toContain("10,000,000,000 elements");
  });

  it("refuses a declared output with more values per row than allowed", () => {
    const bytes = buildModel({
      graph: {
        nodes: [{ op: "Identity", inputs: ["X"], outputs: ["y"] }],
        inputs: io.inputs,
        outputs: [{ name: "y", shape: ["N", 1000, 1000] }],
      },
    });
    expect(refusal(bytes).message).toContain(
      "output 'y' declares 1000000 values per row (shape [N, 1000, 1000]), over the limit of 4096",
    );
    // A symbolic per-row dimension cannot be proven statically: the runtime check holds it (session.test.ts).
    expect(() =>
      checkOnnx(rowAmplifyingModel(100_000_000), "m.onnx"),
    ).not.toThrow();
  });
});
