// Once per test run: compiles the worker-thread entries (as `next build` does for production) into
// a temporary folder the test processes find through STAGELINE_WORKERS_DIR, so the unit tests run
// heavy work in real worker threads from the same compiled files, not inline.
import fs from "node:fs";
import path from "node:path";
import { buildWorkers } from "../../scripts/build-workers.mjs";

export default async function setup(): Promise<() => void> {
  // Inside the project, so the compiled files resolve their packages from its node_modules.
  const cache = path.resolve(import.meta.dirname, "../../node_modules/.cache");
  fs.mkdirSync(cache, { recursive: true });
  const dir = fs.mkdtempSync(path.join(cache, "stageline-workers-"));
  await buildWorkers(dir, [
    path.resolve(import.meta.dirname, "../workers/testing/faulty.worker.ts"),
  ]);
  process.env.STAGELINE_WORKERS_DIR = dir;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
