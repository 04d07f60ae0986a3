// Permutation importance (Breiman; sklearn's permutation_importance): how much a score drops when
// one feature's values are shuffled across rows, breaking its link to the target while keeping its
// distribution. Model-agnostic: `predict` is the version's own ONNX model in production use.
import { mulberry32 } from "@/lib/ml/random";

/** Row-major float32 matrix in, one prediction per row out. */
export type Predictor = (data: Float32Array, rows: number, cols: number) => Promise<Float32Array>;
/** Higher is better (use a negated error for regression). */
export type Scorer = (predictions: Float32Array) => number;

export type FeatureImportance = { feature: string; value: number; std: number };

export async function permutationImportance(
  predict: Predictor,
  columns: { name: string; values: readonly number[] }[],
  score: Scorer,
  opts: { repeats: number; seed: number },
): Promise<{ baseline: number; importances: FeatureImportance[] }> {
  const cols = columns.length;
  const rows = columns[0]?.values.length ?? 0;
  if (cols === 0 || rows < 2) throw new Error("permutation importance needs at least one feature and two rows");
  const data = new Float32Array(rows * cols);
  columns.forEach((c, j) => c.values.forEach((v, i) => (data[i * cols + j] = v)));
  const baseline = score(await predict(data, rows, cols));
  const importances: FeatureImportance[] = [];
  const work = new Float32Array(data.length);
  const order = new Uint32Array(rows);
  for (let j = 0; j < cols; j++) {
    const drops: number[] = [];
    for (let r = 0; r < opts.repeats; r++) {
      const rand = mulberry32(opts.seed + j * 7919 + r);
      for (let i = 0; i < rows; i++) order[i] = i;
      for (let i = rows - 1; i > 0; i--) {
        const k = Math.floor(rand() * (i + 1));
        const t = order[i] as number;
        order[i] = order[k] as number;
        order[k] = t;
      }
      work.set(data);
      for (let i = 0; i < rows; i++) work[i * cols + j] = data[(order[i] as number) * cols + j] as number;
      drops.push(baseline - score(await predict(work, rows, cols)));
    }
    const mean = drops.reduce((a, b) => a + b, 0) / drops.length;
    const std = drops.length > 1 ? Math.sqrt(drops.reduce((a, b) => a + (b - mean) ** 2, 0) / (drops.length - 1)) : 0;
    importances.push({ feature: columns[j]?.name as string, value: mean, std });
  }
  importances.sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
  return { baseline, importances };
}
