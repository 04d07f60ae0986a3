// Failed sign-ins are limited per account and per client address, in memory (one server process):
// after 10 failures for an account, or 50 from one address, within 15 minutes, further attempts are
// refused until the window moves on.
const WINDOW_MS = 15 * 60_000;
const MAX_FAILURES = { email: 10, ip: 50 } as const;

const g = globalThis as unknown as { __stagelineSignInFailures?: Map<string, number[]> };
const failures = (g.__stagelineSignInFailures ??= new Map<string, number[]>());

function recent(key: string, now: number): number[] {
  const list = (failures.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
  if (list.length) failures.set(key, list);
  else failures.delete(key);
  return list;
}

/** Seconds until another attempt is allowed, or 0 when the keys are under the limit. */
export function retryAfter(keys: string[], now = Date.now()): number {
  let wait = 0;
  for (const key of keys) {
    const list = recent(key, now);
    const max = key.startsWith("ip:") ? MAX_FAILURES.ip : MAX_FAILURES.email;
    if (list.length >= max) wait = Math.max(wait, Math.ceil((WINDOW_MS - (now - (list[0] as number))) / 1000));
  }
  return wait;
}

export function recordFailure(keys: string[], now = Date.now()): void {
  for (const key of keys) failures.set(key, [...recent(key, now), now]);
}

export function clearFailures(keys: string[]): void {
  for (const key of keys) failures.delete(key);
}
