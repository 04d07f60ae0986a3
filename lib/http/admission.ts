// Which requests a process runs now and which wait their turn (the request listener asks here
// before it hands a request to Next or to the MLflow API). A Node process serves everything on one
// event loop, and with no limit every request under way shares it evenly: at 50 connections a page
// render and a prediction each wait behind every API call in flight (issue 17's mixed load measured
// page p99 over 1 s and prediction p99 near 500 ms with the CPU spent on bulk API work).
//
// Two lanes, each with a number of requests it may run at once in this process:
// - "page": what a person waits for (pages, their data requests, server actions, sign-in);
// - "api": what programs send (the REST API and the MLflow API).
// Predictions and metric pushes take no lane (lib/http/direct.ts answers them before this is
// asked: they are short and production waits on them), nor do assets and health probes.
// A lane may run more than its share (up to `burst`) while the other lane has nobody waiting, so a
// load of one kind alone (a training job logging to the MLflow API, a dashboard refresh) uses the
// whole process. A request that has held its place for `holdMs` (an upload, an evaluation waiting
// on a worker thread) gives it back but runs on, so one slow request cannot stop its lane. Waiting
// requests start in arrival order within their lane; a request whose client hung up while it waited
// is dropped. Past `queue` waiting requests a lane refuses with 503 and Retry-After.
export type Lane = "page" | "api";

export type AdmissionLimits = {
  /** Requests each lane runs at once while the other lane has requests waiting. */
  page: number;
  api: number;
  /** Requests a lane may run at once while the other has none waiting. */
  burst: number;
  /** Requests that may wait in one lane; one more is refused. */
  queue: number;
  /** After this long a running request no longer counts against its lane. */
  holdMs: number;
};

/** Per process. Pages get two places to the API's one when both are busy: a page costs about ten
 *  API calls of CPU here, and the person waiting for it is the one who notices. */
export const DEFAULT_LIMITS: AdmissionLimits = {
  page: 2,
  api: 1,
  burst: 8,
  queue: 1000,
  holdMs: 1000,
};

export type Job = {
  /** Called once when the request may run; `release` gives its place back (more calls are no-ops). */
  start: (release: () => void) => void;
  /** True when there is nobody left to answer (the client hung up while it waited). */
  gone: () => boolean;
};

const LANES: readonly Lane[] = ["page", "api"];

export class Admission {
  private readonly running: Record<Lane, number> = { page: 0, api: 0 };
  private readonly waiting: Record<Lane, Job[]> = { page: [], api: [] };
  private pumping = false;

  constructor(readonly limits: AdmissionLimits = DEFAULT_LIMITS) {}

  /** Starts the job now or queues it; "refused" when its lane's queue is full (nothing is started). */
  enter(lane: Lane, job: Job): "started" | "queued" | "refused" {
    if (this.waiting[lane].length === 0 && this.hasRoom(lane)) {
      this.start(lane, job);
      return "started";
    }
    if (this.waiting[lane].length >= this.limits.queue) return "refused";
    this.waiting[lane].push(job);
    return "queued";
  }

  /** What is running and waiting now, per lane (for tests and diagnostics). */
  state(): Record<Lane, { running: number; waiting: number }> {
    return {
      page: { running: this.running.page, waiting: this.waiting.page.length },
      api: { running: this.running.api, waiting: this.waiting.api.length },
    };
  }

  private hasRoom(lane: Lane): boolean {
    const running = this.running[lane];
    if (running < this.limits[lane]) return true;
    const other: Lane = lane === "page" ? "api" : "page";
    return running < this.limits.burst && this.waiting[other].length === 0;
  }

  private start(lane: Lane, job: Job): void {
    this.running[lane] += 1;
    let held = true;
    job.start(() => {
      if (!held) return;
      held = false;
      this.running[lane] -= 1;
      this.pump();
    });
  }

  /** Starts waiting jobs while a lane has room, the lane furthest below its share first. */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (;;) {
        let pick: Lane | null = null;
        for (const lane of LANES) {
          const queue = this.waiting[lane];
          while (queue[0]?.gone()) queue.shift();
          if (queue.length === 0 || !this.hasRoom(lane)) continue;
          if (
            pick === null ||
            this.running[lane] / this.limits[lane] <
              this.running[pick] / this.limits[pick]
          )
            pick = lane;
        }
        const job = pick === null ? undefined : this.waiting[pick].shift();
        if (pick === null || job === undefined) return;
        this.start(pick, job);
      }
    } finally {
      this.pumping = false;
    }
  }
}
