// The time services stamp on what they write. It is the wall clock, except while the first-start
// demo seed (lib/demo/history.ts) replays six months of history through the real services: it sets
// each step's past time here, so creation, review, promotion and audit times are written back-dated
// and consistent by the same code paths (assertCan, one transaction, audit in it) instead of rows
// rewritten afterwards, which would break the audit hash chain. Nothing else sets it.
let fixed: number | null = null;

/** Milliseconds since the epoch: the seed's step time while it runs, else Date.now(). */
export function now(): number {
  return fixed ?? Date.now();
}

/** Runs `fn` with the clock at `at` (epoch ms) and restores it afterwards, even on error. */
export async function atTime<T>(
  at: number,
  fn: () => T | Promise<T>,
): Promise<T> {
  const before = fixed;
  fixed = at;
  try {
    return await fn();
  } finally {
    fixed = before;
  }
}
