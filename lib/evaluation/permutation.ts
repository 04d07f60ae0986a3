// Permutation importance (Breiman; sklearn's permutation_importance): how much a score drops when
// one feature's values are shuffled across rows, breaking its link to the target while keeping its
// distribution. Model-agnostic: `predict` is the version's own ONNX model in production use.
import { mulberry32 } from "@/lib/ml/random";

/** Row-major float32 matrix in, one prediction per row out. */
export type Predictor = (
  data: Float32Array,
  rows: number,
  cols: number,
) => Promise<Float32Array>;
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
  const data = new Float32Array(rows * cols);
  columns.forEach((c, j) =>
    c.values.forEach((v, i) => (data[i * cols + j] = v)),
  );
  return permutationImportanceOf(
    predict,
    { names: columns.map((c) => c.name), data, rows, cols },
    score,
    opts,
  );
}

/** The same on a row-major float32 matrix (what the worker thread receives); `progress` after each feature. */
export async function permutationImportanceOf(
  predict: Predictor,
  matrix: { names: string[]; data: Float32Array; rows: number; cols: number },
  score: Scorer,
  opts: { repeats: number; seed: number; progress?: (done: number) => void },
): Promise<{ baseline: number; importances: FeatureImportance[] }> {
  const { names, data, rows, cols } = matrix;
  if (cols === 0 || rows < 2)
    throw new Error(
      "permutation importance needs at least one feature and two rows",
    );
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
      for (let i = 0; i < rows; i++)
        work[i * cols + j] = data[(order[i] as number) * cols + j] as number;
      drops.push(baseline - score(await predict(work, rows, cols)));
    }
    const mean = drops.reduce((a, b) => a + b, 0) / drops.length;
    const std =
      drops.length > 1
        ? Math.sqrt(
            drops.reduce((a, b) => a + (b - mean) ** 2, 0) / (drops.length - 1),
          )
        : 0;
    importances.push({ feature: names[j] as string, value: mean, std });
    opts.progress?.((j + 1) / cols);
  }
  importances.sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
  return { baseline, importances };
}

/** Fewest rows an estimate is made on; below this a budget refuses instead of guessing. */
export const MIN_SAMPLE_ROWS = 100;

/**
 * The rows to run on so that rows × features × repeats stays within `budget`: null when every row
 * fits, else a seeded sample (ascending row numbers) of floor(budget / (features × repeats)) rows,
 * drawn within each stratum (the class, for a classifier) in proportion and at least one from each,
 * so a rare class is never sampled away.
 */
export function budgetSample(
  rows: number,
  features: number,
  repeats: number,
  budget: number,
  seed: number,
  strata?: ArrayLike<number>,
): Uint32Array | null {
  const fits = Math.floor(budget / Math.max(1, features * repeats));
  if (rows <= fits) return null;
  const groups = new Map<number, number[]>();
  for (let i = 0; i < rows; i++) {
    const key = strata ? (strata[i] as number) : 0;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(i);
  }
  const rand = mulberry32(seed);
  const picked: number[] = [];
  for (const members of groups.values()) {
    const want = Math.min(
      members.length,
      Math.max(1, Math.round((fits * members.length) / rows)),
    );
    // Partial Fisher-Yates: the first `want` places end up a uniform sample of the group.
    for (let i = 0; i < want; i++) {
      const k = i + Math.floor(rand() * (members.length - i));
      const t = members[i] as number;
      members[i] = members[k] as number;
      members[k] = t;
      picked.push(members[i] as number);
    }
  }
  return Uint32Array.from(picked).sort();
}
