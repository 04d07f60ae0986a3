// A stand-in starting server for start-lock.test.ts: takes the start lock on STAGELINE_DATA_DIR,
// says when it holds it, holds it for argv[2] ms (forever when absent), then releases and says so.
// Run with tsx --conditions=react-server.
import { takeStartLock } from "@/lib/scheduler/start-lock";

const holdMs = process.argv[2] ? Number(process.argv[2]) : null;
async function main(): Promise<void> {
  console.log(`waiting ${process.pid} ${Date.now()}`);
  const lock = await takeStartLock({ pollMs: 20, log: () => undefined });
  console.log(`locked ${process.pid} ${Date.now()}`);
  if (holdMs === null) {
    setInterval(() => undefined, 60_000);
    return;
  }
  await new Promise((resolve) => setTimeout(resolve, holdMs));
  const at = Date.now();
  lock.release();
  console.log(`released ${process.pid} ${at}`);
}
void main();
