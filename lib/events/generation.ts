// A counter bumped by every domain event in this process. Hot-path caches (token lookups, serving
// routes) remember the generation they were filled at and refill when it moved, so any change made
// through the app is seen by the very next request. Changes made by another process (the CLI) are
// not seen by these caches; none of the CLI's writes can make a cached answer wrong except token
// revocation, which the CLI does not offer.
const g = globalThis as unknown as { __stagelineGeneration?: { n: number } };
const state = (g.__stagelineGeneration ??= { n: 0 });

export function bumpGeneration(): void {
  state.n += 1;
}

export function generation(): number {
  return state.n;
}
