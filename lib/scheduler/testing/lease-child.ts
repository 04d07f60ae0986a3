// A stand-in server process for lease.multiprocess.test.ts: runs the scheduler's real lease loop
// (2 s ticks, 6 s TTL) on STAGELINE_DATA_DIR with jobs that only say when they run, so the test can
// SIGKILL the holder and time the takeover. Run with tsx --conditions=react-server.
import { schedulerLoop, TICK_MS } from "@/lib/scheduler/scheduler";

const loop = schedulerLoop({
  jobs: {
    perProcess: [],
    global: [
      {
        name: "global",
        everyMs: 0,
        run: () => console.log(`global ${process.pid} ${Date.now()}`),
      },
    ],
    onAcquire: () => console.log(`acquired ${process.pid} ${Date.now()}`),
  },
});
loop.claim();
console.log(`started ${process.pid}`);
setInterval(() => void loop.tick(), TICK_MS);
for (const signal of ["SIGTERM", "SIGINT"] as const)
  process.on(signal, () => {
    loop.release();
    process.exit(0);
  });
