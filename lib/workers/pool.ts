// The worker-thread pool for CPU-heavy work (evaluation from raw predictions, drift snapshots): a
// piscina pool per process, created on first use, threads started on demand and stopped when idle.
// Tasks are the exports of lib/workers/heavy.worker.ts, compiled to <distDir>/workers/heavy.mjs by
// every `next build` (scripts/build-workers.mjs). A task's DomainError comes back as the same
// DomainError; a thread that crashes or runs out of memory fails only its task (piscina starts a
// new thread), never the process that serves requests.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { MessageChannel, type TransferListItem } from "node:worker_threads";
import { Piscina } from "piscina";
import { DomainError } from "@/lib/errors";
import type * as Heavy from "./heavy.worker";
import { unwrap, type TaskOutcome } from "./outcome";

type Tasks = typeof Heavy;
type TaskName = {
  [K in keyof Tasks]: Tasks[K] extends (
    input: never,
  ) => TaskOutcome<unknown> | Promise<TaskOutcome<unknown>>
    ? K
    : never;
}[keyof Tasks];
type InputOf<K extends TaskName> = Omit<Parameters<Tasks[K]>[0], "port">;
type ValueOf<K extends TaskName> =
  Awaited<ReturnType<Tasks[K]>> extends TaskOutcome<infer V> ? V : never;

export type RunOptions = {
  /** Typed arrays' buffers to move to the thread instead of copying (the caller loses them). */
  transferList?: TransferListItem[];
  /** Called on the calling thread as the task reports its stages (0..1). */
  onProgress?: (done: number, stage: string) => void;
};

/** A fault in a worker thread (a bug, a crash): a 500 for that one request, never a dead server. */
export class WorkerFault extends Error {
  constructor(task: string, cause: unknown) {
    super(
      `The ${task} task's worker thread failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.name = "WorkerFault";
  }
}

/** Runs one task of heavy.worker.ts in a worker thread and returns its value (a DomainError it threw is rethrown here). */
export async function runTask<K extends TaskName>(
  name: K,
  input: InputOf<K>,
  options: RunOptions = {},
): Promise<ValueOf<K>> {
  return unwrap(
    (await runIn("heavy", name, input, options)) as TaskOutcome<ValueOf<K>>,
  );
}

/** Where the compiled entries are: STAGELINE_WORKERS_DIR (the tests' build), else <distDir>/workers. */
export function workersDir(): string {
  return (
    process.env.STAGELINE_WORKERS_DIR ??
    path.resolve(
      process.cwd(),
      process.env.STAGELINE_DIST_DIR ?? ".next",
      "workers",
    )
  );
}

/** Runs a task of any compiled entry (tests use one with faulty tasks); the value is returned as the task returned it. */
export async function runIn(
  entry: string,
  name: string,
  input: object,
  options: RunOptions = {},
): Promise<unknown> {
  const { port1, port2 } = new MessageChannel();
  // The result and the progress come on two channels, in no fixed order: a task closes its port
  // when done, and the caller returns once the last progress report is in (or after a second).
  // The final report (done = 1) ends the wait too: a pool worker blocked waiting for its next task
  // may not deliver the port's close for a while, and every evaluation waited the full second.
  let finished = () => {};
  const drained = new Promise<void>((resolve) => {
    finished = resolve;
    port1.once("close", () => resolve());
    setTimeout(resolve, 1_000).unref();
  });
  if (options.onProgress) {
    const report = options.onProgress;
    port1.on("message", (m: { done: number; stage: string }) => {
      report(m.done, m.stage);
      if (m.done >= 1) finished();
    });
  }
  try {
    const pool = poolFor(entry);
    const result = pool
      ? await pool.run(
          { ...input, port: port2 },
          { name, transferList: [port2, ...(options.transferList ?? [])] },
        )
      : await runInline(entry, name, { ...input, port: port2 });
    if (options.onProgress) await drained;
    return result;
  } catch (error) {
    throw asTaskError(name, error);
  } finally {
    port1.close();
  }
}

/** Stops every pool of this process (tests, shutdown): running tasks are ended. */
export async function closeWorkerPools(): Promise<void> {
  const pools = [...state.pools.values()];
  state.pools.clear();
  await Promise.all(pools.map((p) => p.destroy()));
}

const state = ((
  globalThis as unknown as {
    __stagelineWorkerPools?: { pools: Map<string, Piscina> };
  }
).__stagelineWorkerPools ??= {
  pools: new Map(),
});

function poolFor(entry: string): Piscina | null {
  const existing = state.pools.get(entry);
  if (existing) return existing;
  const filename = path.join(workersDir(), `${entry}.mjs`);
  if (!fs.existsSync(filename)) {
    // The production server must never compute on its request loop: a build without the worker
    // entries is refused loudly. Elsewhere (the CLI under tsx, scripts) there is no request loop
    // to protect and the task runs inline.
    if (process.env.STAGELINE_SERVER_ENTRY === "1")
      throw new Error(
        `${filename} is missing: rebuild with \`npm run build\` (next build compiles the worker entries)`,
      );
    return null;
  }
  const pool = new Piscina({
    filename,
    minThreads: 0,
    maxThreads: positive(process.env.STAGELINE_WORKER_THREADS, 1),
    idleTimeout: 30_000,
    // Past this many waiting tasks a new one is refused (429) instead of queueing without bound.
    maxQueue: 32,
    // A task that needs more memory than this fails alone (ERR_WORKER_OUT_OF_MEMORY), not the server.
    resourceLimits: {
      maxOldGenerationSizeMb: positive(
        process.env.STAGELINE_WORKER_MEMORY_MB,
        4096,
      ),
    },
  });
  // An idle pool must not keep a CLI run or a test alive, nor crash the process on an 'error' event.
  pool.on("error", (error: unknown) =>
    console.error("[stageline] worker pool error", error),
  );
  state.pools.set(entry, pool);
  return pool;
}

async function runInline(
  entry: string,
  name: string,
  input: object,
): Promise<unknown> {
  if (entry !== "heavy") throw new Error(`worker entry ${entry} is not built`);
  const tasks = (await import("./heavy.worker")) as unknown as Record<
    string,
    (input: object) => unknown
  >;
  const task = tasks[name];
  if (!task) throw new Error(`no task ${name} in ${entry}`);
  return task(input);
}

function asTaskError(name: string, error: unknown): Error {
  if (error instanceof DomainError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "ERR_WORKER_OUT_OF_MEMORY") {
    return new DomainError(
      "too_large",
      `The ${name} task needed more memory than a worker thread may use (STAGELINE_WORKER_MEMORY_MB); send fewer rows`,
      { fields: { body: ["Too large to compute"] } },
    );
  }
  if (error instanceof Error && /queue is at limit/i.test(error.message)) {
    return new DomainError(
      "rate_limited",
      "The server is busy with other heavy jobs (evaluations, drift snapshots); try again in a moment",
    );
  }
  return new WorkerFault(name, error);
}

function positive(raw: string | undefined, fallback: number): number {
  const n = Number(raw);
  return Number.isFinite(n) && n >= 1 ? Math.floor(n) : fallback;
}
