import os from "node:os";
import { afterAll, describe, expect, it } from "vitest";
import { prepareEvaluation } from "@/lib/evaluation/prepare";
import { DomainError } from "@/lib/errors";
import { mulberry32 } from "@/lib/ml/random";
import { unwrap, type TaskOutcome } from "./outcome";
import { closeWorkerPools, runIn, runTask, WorkerFault } from "./pool";

afterAll(() => closeWorkerPools());

/** A raw body of `n` binary predictions with a group column, as its JSON text (what the route passes). */
function bodyOf(n: number): string {
  const rand = mulberry32(11);
  const y_true: number[] = [];
  const y_score: number[] = [];
  const group: string[] = [];
  for (let i = 0; i < n; i++) {
    const p = rand();
    y_score.push(Math.round(p * 1e4) / 1e4);
    y_true.push(rand() < p ? 1 : 0);
    group.push(i % 3 === 0 ? "a" : "b");
  }
  return JSON.stringify({
    dataset: "holdout",
    y_true,
    y_score,
    groups: { group },
  });
}

/** Runs `work` while a 10 ms timer ticks on this thread; returns the timer's worst lateness. */
async function lateness(
  work: () => Promise<unknown> | unknown,
): Promise<{ worst: number; ms: number }> {
  let worst = 0;
  let expected = performance.now() + 10;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - expected);
    expected = now + 10;
  }, 10);
  const start = performance.now();
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  const ms = performance.now() - start;
  // Work that never yields blocks the timer for its whole length.
  worst = Math.max(worst, performance.now() - expected);
  return { worst, ms };
}

describe("the worker pool", () => {
  it.runIf(process.platform === "linux")(
    "runs its threads below the request loop's priority, and leaves this thread's alone",
    async () => {
      const mine = os.getPriority(0);
      expect(await runTask("threadPriority", {})).toBe(Math.min(19, mine + 10));
      expect(os.getPriority(0)).toBe(mine);
    },
  );

  it(
    "computes a 1M-row evaluation off this thread, with the same figures as in-thread",
    { timeout: 120_000 },
    async () => {
      const text = bodyOf(1_000_000);
      await runTask("evaluate", { body: bodyOf(100) }); // starts the thread, so its start-up is not measured
      const stages: number[] = [];
      let result: unknown;
      const off = await lateness(async () => {
        result = await runTask(
          "evaluate",
          { body: text },
          { onProgress: (done) => stages.push(done) },
        );
      });
      let inline: unknown;
      const on = await lateness(() => (inline = prepareEvaluation(text)));
      console.log(
        `1M rows: in a worker ${off.ms.toFixed(0)} ms, timer at worst ${off.worst.toFixed(1)} ms late; in-thread ${on.ms.toFixed(0)} ms, ${on.worst.toFixed(1)} ms late`,
      );
      expect(result).toEqual(inline);
      // In-thread the timer waits for the whole computation; off-thread it keeps ticking.
      expect(on.worst).toBeGreaterThan(on.ms * 0.8);
      expect(off.worst).toBeLessThan(Math.min(250, on.worst / 4));
      // Progress arrives in order and ends complete.
      expect(stages.length).toBeGreaterThanOrEqual(3);
      expect([...stages].sort((a, b) => a - b)).toEqual(stages);
      expect(stages.at(-1)).toBe(1);
    },
  );

  it("rethrows a refusal computed in the worker as the same DomainError, field and all", async () => {
    const refused = await runTask("evaluate", {
      body: JSON.stringify({ dataset: "d", y_true: [0, 1, 1] }),
    }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({
      code: "invalid",
      details: { fields: { y_score: [expect.stringMatching(/y_score/)] } },
    });
    const malformed = await runTask("evaluate", { body: "{ not json" }).catch(
      (e: unknown) => e,
    );
    expect(malformed).toMatchObject({
      code: "invalid",
      details: { fields: { body: ["Malformed JSON"] } },
    });
    const other = await runIn("faulty", "refuse", {})
      .then((o) => unwrap(o as TaskOutcome<unknown>))
      .catch((e: unknown) => e);
    expect(other).toBeInstanceOf(DomainError);
  });

  it("survives a thread that exits: the task fails alone, and the next one runs", async () => {
    const crashed = await runIn("faulty", "exit", {}).catch((e: unknown) => e);
    expect(crashed).toBeInstanceOf(WorkerFault);
    expect(await runIn("faulty", "spin", { ms: 1 })).toMatchObject({
      ok: true,
    });
    expect((await runTask("evaluate", { body: bodyOf(50) })).result.rows).toBe(
      50,
    );
  });

  it(
    "turns a thread out of memory into a 413 for that task",
    { timeout: 60_000 },
    async () => {
      await closeWorkerPools();
      process.env.STAGELINE_WORKER_MEMORY_MB = "32";
      try {
        const error = await runIn("faulty", "oom", {}).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: "too_large" });
      } finally {
        delete process.env.STAGELINE_WORKER_MEMORY_MB;
        await closeWorkerPools();
      }
      expect(await runIn("faulty", "spin", { ms: 1 })).toMatchObject({
        ok: true,
      });
    },
  );
});
