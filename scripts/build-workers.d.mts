// Types for build-workers.mjs (plain JavaScript so next.config.ts and the test setup can both load it).
export function workerEntries(extra?: string[]): string[];
export function buildWorkers(
  outDir: string,
  extra?: string[],
): Promise<string[]>;
