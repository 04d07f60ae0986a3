// What both kill tests (e2e/crash.spec.ts: the whole server; e2e/multiprocess.spec.ts: the
// scheduler's worker) queue for the scheduler (a slow webhook receiver, the sunset work), and what
// they check once another process has taken the scheduler over: the queues drain, and everything
// the scheduler does happened exactly once.
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
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

/** A webhook receiver on loopback that takes its time (150 ms an answer), so a kill lands while
 *  sends are in flight; `received` holds the delivery ids it got, in order, repeats included. */
export async function slowReceiver(): Promise<{
  receiver: http.Server;
  hookUrl: string;
  received: string[];
}> {
  const received: string[] = [];
  const receiver = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      received.push(String(req.headers["x-stageline-delivery"]));
      setTimeout(() => res.writeHead(204).end(), 150);
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const { port } = receiver.address() as AddressInfo;
  return { receiver, hookUrl: `http://127.0.0.1:${port}/hook`, received };
}

/** Queues the scheduler's sunset work on versions 1 and 3 of `model` (the server at `url`, its data
 *  in `dataDir`): v3 gets a file of its own and is retired at once with no retention, so its file
 *  is due for release; v1 gets a retirement with its sunset tomorrow, approved by the reviewer, so
 *  its 1-day notice is due. */
export async function queueSunsetWork(q: {
  url: string;
  dataDir: string;
  model: string;
  token: string;
  reviewerToken: string;
}): Promise<Pick<ScheduledWork, "retiringId" | "releasedId" | "blobFile">> {
  const v = `${q.url}/api/v1/models/${encodeURIComponent(q.model)}/versions`;
  const post = (p: string, body: unknown, token = q.token) =>
    fetch(p, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${token}`,
        "Content-Type": "application/json",
      },
      body: JSON.stringify(body),
    });
  const bytes = randomBytes(64 * 1024);
  expect(
    (
      await fetch(`${v}/3/artifacts/model.bin`, {
        method: "PUT",
        headers: { Authorization: `Bearer ${q.token}` },
        body: bytes,
      })
    ).status,
  ).toBe(201);
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const retiring = (await (
    await post(`${v}/1/retirement`, {
      category: "no_longer_needed",
      reason: "nobody calls it any more",
      sunset_date: tomorrow,
    })
  ).json()) as { id: number; request_id: number };
  expect(
    (
      await post(
        `${q.url}/api/v1/transition-requests/${retiring.request_id}/approve`,
        {},
        q.reviewerToken,
      )
    ).status,
  ).toBe(200);
  const released = (await (
    await post(`${v}/3/retirement`, {
      immediate: true,
      category: "compliance",
      reason: "trained on leaked data",
      retention_days: 0,
    })
  ).json()) as { id: number };
  const sha = createHash("sha256").update(bytes).digest("hex");
  return {
    retiringId: retiring.id,
    releasedId: released.id,
    blobFile: path.join(
      q.dataDir,
      "blobs",
      sha.slice(0, 2),
      sha.slice(2, 4),
      sha,
    ),
  };
}
