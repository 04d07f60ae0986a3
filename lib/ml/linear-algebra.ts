// Small dense linear algebra for the demo models (a handful of features): solve A x = b.

/** Solves A x = b by Gaussian elimination with partial pivoting; A is n×n. */
export function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const m = A.map((row, i) => [...row, b[i] as number]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++)
      if (Math.abs(at(m, r, col)) > Math.abs(at(m, pivot, col))) pivot = r;
    if (Math.abs(at(m, pivot, col)) < 1e-12) throw new Error("singular matrix");
    [m[col], m[pivot]] = [m[pivot] as number[], m[col] as number[]];
    const p = m[col] as number[];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const row = m[r] as number[];
      const f = (row[col] as number) / (p[col] as number);
      for (let c = col; c <= n; c++)
        row[c] = (row[c] as number) - f * (p[c] as number);
    }
  }
  return m.map((row, i) => (row[n] as number) / (row[i] as number));
}

export function dot(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

function at(m: number[][], r: number, c: number): number {
  return (m[r] as number[])[c] as number;
}

/** Column means and standard deviations (population), for standardizing features. */
export function standardizer(X: number[][]): { mean: number[]; std: number[] } {
  const d = X[0]?.length ?? 0;
  const mean = Array.from(
    { length: d },
    (_, j) => X.reduce((s, r) => s + (r[j] as number), 0) / X.length,
  );
  const std = Array.from({ length: d }, (_, j) => {
    const v =
      X.reduce((s, r) => s + ((r[j] as number) - (mean[j] as number)) ** 2, 0) /
      X.length;
    return Math.sqrt(v) || 1;
  });
  return { mean, std };
}

export function applyStandardizer(
  X: number[][],
  s: { mean: number[]; std: number[] },
): number[][] {
  return X.map((r) =>
    r.map((x, j) => (x - (s.mean[j] as number)) / (s.std[j] as number)),
  );
}
