// The small real model the serving, lifecycle and integrity tests serve: a logistic regression on
// two float inputs `a` and `b`, trained on six rows, as the ONNX exporter writes it. Only lib/ml
// behind it (no database, no services), so the e2e suite can import it as well.
import { fitLogistic, type LinearModel } from "@/lib/ml/models";
import { exportOnnx } from "@/lib/ml/onnx-export";

/** The signature of a version that serves it: inputs `a` and `b`, batches of any length. */
export const AB_SIGNATURE = {
  inputs: [
    { name: "a", type: "float32" as const, shape: [-1] },
    { name: "b", type: "float32" as const, shape: [-1] },
  ],
  outputs: [],
};

/** The six training rows, each `[a, b]`. */
export const AB_ROWS = [
  [1, 2],
  [2, 1],
  [3, 3],
  [0, 1],
  [4, 0],
  [1, 1],
];

/** The rows' labels; AB_FLIPPED gives the opposite answers, for a second version that differs. */
export const AB_LABELS = [0, 0, 1, 0, 1, 1];
export const AB_FLIPPED = AB_LABELS.map((v) => 1 - v);

/** The model fitted on AB_ROWS with these labels (the same labels give the same model). */
export function abModel(labels: number[] = AB_LABELS): LinearModel {
  return fitLogistic(["a", "b"], AB_ROWS, labels, 1);
}

/** That model as the bytes of a `model.onnx` upload. */
export function abOnnx(labels: number[] = AB_LABELS): Buffer {
  return Buffer.from(exportOnnx(abModel(labels)));
}
