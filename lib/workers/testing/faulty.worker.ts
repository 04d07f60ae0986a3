// A worker entry for the pool's tests only (built by lib/testing/global-setup.ts, never by next
// build): tasks that crash their thread, exhaust its memory, or burn CPU on a timer's schedule.
import { DomainError } from "@/lib/errors";
import { outcomeOf } from "../outcome";

export function exit(): never {
  process.exit(3);
}

export function oom(): number {
  const hoard: number[][] = [];
  for (;;) hoard.push(new Array<number>(1_000_000).fill(Math.random()));
}

export function refuse() {
  return outcomeOf(() => {
    throw new DomainError("invalid", "the faulty task refuses", {
      fields: { body: ["Refused"] },
    });
  });
}

export function spin({ ms }: { ms: number }) {
  const end = Date.now() + ms;
  let n = 0;
  while (Date.now() < end) n++;
  return { ok: true, value: n };
}
