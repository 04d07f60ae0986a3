import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getSqlite } from "@/db/client";
import { makeUser } from "@/lib/testing/factories";
import { createModel } from "@/lib/registry/models";
import {
  deliverDue,
  resumeInterruptedDeliveries,
  startDueDeliveries,
} from "./delivery";
import { createWebhook, listDeliveries, sendTest } from "./webhooks";

type Received = { headers: http.IncomingHttpHeaders; body: string };
const received: Received[] = [];
let failNext = 0;
let server: http.Server;
let url = "";

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      if (failNext > 0) {
        failNext -= 1;
        res.writeHead(503).end();
        return;
      }
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("webhooks", () => {
  it("deliver queued events signed with HMAC-SHA256, and retry failures with backoff", async () => {
    const admin = await makeUser("admin");
    const hook = await createWebhook(admin, { url, events: ["model.created"] });
    createModel(admin, { name: "hooked" });
    failNext = 1;
    expect(await deliverDue()).toBe(1);
    expect(received).toHaveLength(0);
    let [d] = listDeliveries(admin, hook.id);
    expect(d).toMatchObject({
      status: "pending",
      attempts: 1,
      last_status: 503,
    });
    // Not due again until the backoff has passed.
    expect(await deliverDue()).toBe(0);
    expect(await deliverDue(Date.now() + 11_000)).toBe(1);
    [d] = listDeliveries(admin, hook.id);
    expect(d).toMatchObject({
      status: "delivered",
      attempts: 2,
      last_status: 204,
    });
    const got = received[0] as Received;
    expect(got.headers["x-stageline-event"]).toBe("model.created");
    expect(got.headers["x-stageline-delivery"]).toBe(d?.delivery_id);
    expect(got.headers["x-stageline-signature"]).toBe(
      `sha256=${createHmac("sha256", hook.secret).update(got.body).digest("hex")}`,
    );
    expect(JSON.parse(got.body)).toMatchObject({
      event: "model.created",
      data: { name: "hooked" },
    });
  });

  it("queue a test delivery on demand, and refuse bad URLs and non-admins", async () => {
    const admin = await makeUser("admin");
    const hook = await createWebhook(admin, {
      url,
      events: ["*"],
      secret: "a-secret-of-sixteen+",
    });
    sendTest(admin, hook.id);
    await deliverDue();
    expect(received.at(-1)?.headers["x-stageline-event"]).toBe("webhook.test");
    await expect(
      createWebhook(admin, { url: "ftp://x", events: ["*"] }),
    ).rejects.toThrow(/url/);
    const reviewer = await makeUser("reviewer");
    await expect(
      createWebhook(reviewer, { url, events: ["*"] }),
    ).rejects.toThrow(expect.objectContaining({ code: "forbidden" }));
  });

  it("resend at start-up a delivery whose send a crash cut off, and only that one", async () => {
    const admin = await makeUser("admin");
    const hook = await createWebhook(admin, { url, events: ["model.created"] });
    createModel(admin, { name: "cut-off" });
    const t0 = Date.now();
    // The process "dies" while the receiver has not answered: the send never completes.
    void deliverDue(t0, () => new Promise<number>(() => {}));
    await new Promise((r) => setTimeout(r, 20));
    const [inFlight] = listDeliveries(admin, hook.id);
    expect(inFlight).toMatchObject({ status: "pending", attempts: 0 });
    expect(inFlight?.next_attempt_at).toBeGreaterThan(t0 + 30_000);
    // Nothing is due before the lease runs out...
    expect(await deliverDue(t0 + 1000)).toBe(0);
    // ...unless a new process starts: then it is due at once, and goes out once more.
    expect(resumeInterruptedDeliveries(t0 + 1000)).toBeGreaterThanOrEqual(1);
    await deliverDue(t0 + 1000);
    expect(
      received.filter(
        (r) => r.headers["x-stageline-delivery"] === inFlight?.delivery_id,
      ),
    ).toHaveLength(1);
    expect(listDeliveries(admin, hook.id)[0]).toMatchObject({
      status: "delivered",
      attempts: 1,
    });
    // A delivered one is never resumed.
    expect(resumeInterruptedDeliveries(t0 + 2000)).toBe(0);
  });

  it("go out while another receiver has not answered yet: one slow receiver holds back nobody", async () => {
    const admin = await makeUser("admin");
    const slow = await createWebhook(admin, {
      url: `${url}-slow`,
      events: ["model.created"],
    });
    createModel(admin, { name: "slow-first" });
    const t0 = Date.now();
    const hanging = (
      target: string,
      headers: Record<string, string>,
      body: string,
    ) =>
      target.endsWith("-slow")
        ? new Promise<number>(() => {})
        : fetch(target, { method: "POST", headers, body }).then(
            (r) => r.status,
          );
    // The first tick starts the slow send and returns at once.
    expect(startDueDeliveries(t0, hanging)).toBeGreaterThanOrEqual(1);
    const fast = await createWebhook(admin, { url, events: ["model.created"] });
    createModel(admin, { name: "fast-second" });
    // The next tick sends the new event to the receiver that answers, while the slow one still hangs.
    expect(startDueDeliveries(Date.now(), hanging)).toBeGreaterThanOrEqual(1);
    await expect
      .poll(() => listDeliveries(admin, fast.id)[0]?.status)
      .toBe("delivered");
    expect(
      listDeliveries(admin, slow.id).find(
        (d) => d.status === "pending" && d.attempts === 0,
      ),
    ).toBeTruthy();
  });

  it("never write their signing secret to the audit trail", async () => {
    const admin = await makeUser("admin");
    const hook = await createWebhook(admin, {
      url,
      events: ["*"],
      secret: "a-signing-secret-of-our-own",
    });
    expect(hook.secret).toBe("a-signing-secret-of-our-own");
    const trail = JSON.stringify(
      getSqlite().prepare("select * from audit_events").all(),
    );
    expect(trail).toContain("webhook.created");
    expect(trail).toContain(url);
    expect(trail).not.toContain("a-signing-secret-of-our-own");
  });
});
