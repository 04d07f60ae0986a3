// The dashboard's figures are aggregates over the whole registry (200,000 versions take ~100 ms to
// count), and managers open the same views again and again. Results are kept per filter for at most
// 30 s. The current-state figures (headline, production health, waiting requests) are also dropped
// at the next domain event in this process (any registry, lifecycle or alert change), so they are
// exact right after a change; the weekly and monthly charts may be up to 30 s old.
import "server-only";
import { LRUCache } from "lru-cache";
import { generation } from "@/lib/events/generation";

export const DASHBOARD_MAX_AGE_MS = 30_000;

const g = globalThis as unknown as {
  __stagelineDashboardMemo?: LRUCache<string, { value: unknown }>;
};
const cache = (g.__stagelineDashboardMemo ??= new LRUCache<
  string,
  { value: unknown }
>({ max: 200, ttl: DASHBOARD_MAX_AGE_MS }));

export function memo<T>(
  key: string,
  compute: () => T,
  opts: { untilChange: boolean } = { untilChange: true },
): T {
  const full = opts.untilChange ? `${generation()}:${key}` : `ttl:${key}`;
  const hit = cache.get(full);
  if (hit) return hit.value as T;
  const value = compute();
  cache.set(full, { value });
  return value;
}
