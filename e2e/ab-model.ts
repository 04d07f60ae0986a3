// A logistic regression on two inputs `a` and `b`, trained in the spec on six rows, for the specs
// that upload a real ONNX model of their own (integrity, multiprocess): labels of their choosing
// give models that answer differently.
import { fitLogistic, type LinearModel } from "../lib/ml/models";

const X = [
  [1, 2],
  [2, 1],
  [3, 3],
  [0, 1],
  [4, 0],
  [1, 1],
];

/** The version signature of such a model: its two inputs. */
export const AB_SIGNATURE = {
  inputs: [
    { name: "a", type: "float32", shape: [-1] },
    { name: "b", type: "float32", shape: [-1] },
  ],
  outputs: [],
};

/** The model fitted to the six rows with the labels `y`. */
export function fitAB(y: number[]): LinearModel {
  return fitLogistic(["a", "b"], X, y, 1);
}
