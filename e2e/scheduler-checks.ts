// What both kill tests (e2e/crash.spec.ts: the whole server; e2e/multiprocess.spec.ts: the
// scheduler's worker) check once another process has taken the scheduler over: the queues drain,
// and everything the scheduler does happened exactly once.
import fs from "node:fs";
import { expect } from "@playwright/test";

export type ScheduledWork = {
  /** A count query on the server's database (`select count(*) n ...`). */
  count: (sql: string, ...args: unknown[]) => number;
  /** The delivery ids the database holds. */
  deliveryIds: () => string[];
  /** The delivery ids the test's receiver got, in order, repeats included. */
  received: string[];
  /** Sends in flight when the process died: the only ones that may arrive twice. */
  cutOff: number;
  /** Events after this audit id are the ones delivered. */
  sinceEventId: number;
  /** The scheduled retirement whose sunset notice must go out once. */
  retiringId: number;
  /** The retirement whose file must be released once. */
  releasedId: number;
  /** The released blob's file, gone once the release ran. */
  blobFile: string;
  pollMs: number;
};

/** Waits for the queues to drain, then checks each delivery, notice and release happened once.
 *  Returns how many deliveries arrived twice (at most `cutOff`). */
export async function expectScheduledWorkDoneOnce(
  w: ScheduledWork,
): Promise<number> {
  const { count } = w;
  await expect
    .poll(
      () =>
        count(
          "select count(*) n from webhook_deliveries where status <> 'delivered'",
        ) +
        (fs.existsSync(w.blobFile) ? 1 : 0) +
        count(
          "select count(*) n from retirements where id = ? and notices_sent = '[]'",
          w.retiringId,
        ),
      { timeout: 90_000, intervals: [w.pollMs] },
    )
    .toBe(0);
  // One delivery per event (webhook changes are not fanned out), none lost, none doubled.
  const events = count(
    "select count(*) n from audit_events where id > ? and action not like 'webhook.%'",
    w.sinceEventId,
  );
  expect(count("select count(*) n from webhook_deliveries")).toBe(events);
  expect(
    count(
      "select count(distinct json_extract(payload, '$.audit_event_id')) n from webhook_deliveries",
    ),
  ).toBe(events);
  const ids = w.deliveryIds();
  expect(new Set(w.received)).toEqual(new Set(ids));
  expect(w.received.length - ids.length).toBeLessThanOrEqual(w.cutOff);
  // One notice, one release; each user notified of the sunset once.
  expect(
    count(
      "select count(*) n from audit_events where action = 'retirement.sunset_notice' and entity_id = ?",
      String(w.retiringId),
    ),
  ).toBe(1);
  expect(
    count(
      "select count(*) n from audit_events where action = 'retirement.released' and entity_id = ?",
      String(w.releasedId),
    ),
  ).toBe(1);
  expect(
    count("select count(*) n from notifications where kind = 'sunset_notice'"),
  ).toBe(
    count(
      "select count(distinct user_id) n from notifications where kind = 'sunset_notice'",
    ),
  );
  return w.received.length - ids.length;
}
