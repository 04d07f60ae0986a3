import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  it,
  vi,
} from "vitest";
import { getDb } from "@/db/client";
import { webhookDeliveries, webhooks } from "@/db/schema";
import { makeUser } from "@/lib/testing/factories";
import {
  assertWebhookTarget,
  checkedAddresses,
  nonPublicReason,
  postWebhook,
  type Resolver,
} from "./target";
import { deliverDue } from "./delivery";
import { createWebhook, listDeliveries } from "./webhooks";

let hits = 0;
let server: http.Server;
let port = 0;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits += 1;
    req.resume();
    req.on("end", () => res.writeHead(204).end());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
afterEach(() => vi.unstubAllEnvs());

const PUBLIC = { address: "93.184.215.14", family: 4 };
const fixed =
  (...answers: { address: string; family: number }[][]): Resolver =>
  async () =>
    answers.length > 1 ? (answers.shift() ?? []) : (answers[0] ?? []);
const fieldOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return null;
  } catch (error) {
    const e = error as {
      code?: string;
      details?: { fields?: Record<string, string[]> };
    };
    return [e.code, Object.keys(e.details?.fields ?? {})];
  }
};

describe("webhook targets", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.8.9.10", "loopback"],
    ["10.0.0.1", "RFC 1918"],
    ["172.16.5.4", "RFC 1918"],
    ["192.168.1.1", "RFC 1918"],
    ["169.254.169.254", "link-local"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["::1", "loopback"],
    ["fe80::1", "link-local"],
    ["fd00::1", "unique local"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:a00:1", "RFC 1918"],
    ["224.0.0.1", "multicast"],
  ])("refuse %s (%s)", (address, word) => {
    expect(nonPublicReason(address)).toContain(word);
  });

  it.each(["8.8.8.8", "93.184.215.14", "2606:4700:4700::1111"])(
    "accept the public address %s",
    (address) => {
      expect(nonPublicReason(address)).toBeNull();
    },
  );

  it("refuse to create a webhook to a loopback, private or metadata address, with a 400 naming url", async () => {
    vi.stubEnv("STAGELINE_WEBHOOK_ALLOW", "");
    const admin = await makeUser("admin");
    // The URL parser's spellings of 127.0.0.1 (hex, a bare number, IPv4-mapped IPv6) are caught too.
    for (const url of [
      "http://127.0.0.1:1/x",
      "http://10.0.0.1/x",
      "http://169.254.169.254/latest/meta-data",
      "http://0x7f.1/x",
      "http://2130706433/x",
      "http://[::ffff:127.0.0.1]/x",
      "http://[::1]/x",
      "http://localhost:1/x",
      "http://100.64.0.1/x",
    ]) {
      expect(
        await fieldOf(createWebhook(admin, { url, events: ["*"] })),
        url,
      ).toEqual(["invalid", ["url"]]);
    }
    await expect(
      createWebhook(admin, { url: "http://10.0.0.1/x", events: ["*"] }),
    ).rejects.toThrow(
      /url: 10\.0\.0\.1 is a private \(RFC 1918\) address; .*STAGELINE_WEBHOOK_ALLOW/,
    );
    expect(getDb().select().from(webhooks).all()).toHaveLength(0);
  });

  it("accept listed hosts, addresses and CIDR ranges from STAGELINE_WEBHOOK_ALLOW", async () => {
    const internal = fixed([{ address: "10.1.2.3", family: 4 }]);
    vi.stubEnv("STAGELINE_WEBHOOK_ALLOW", "");
    await expect(
      assertWebhookTarget("https://hooks.internal/x", internal),
    ).rejects.toThrow(/hooks\.internal resolves to 10\.1\.2\.3/);
    vi.stubEnv("STAGELINE_WEBHOOK_ALLOW", "Hooks.Internal");
    await expect(
      assertWebhookTarget("https://hooks.internal/x", internal),
    ).resolves.toBeUndefined();
    vi.stubEnv("STAGELINE_WEBHOOK_ALLOW", "10.0.0.0/8");
    await expect(
      assertWebhookTarget("https://hooks.internal/x", internal),
    ).resolves.toBeUndefined();
    await expect(
      assertWebhookTarget("http://192.168.0.1/x", internal),
    ).rejects.toThrow(/url/);
    vi.stubEnv("STAGELINE_WEBHOOK_ALLOW", "127.0.0.1, ::1");
    await expect(
      assertWebhookTarget(`http://127.0.0.1:${port}/x`),
    ).resolves.toBeUndefined();
    await expect(
      assertWebhookTarget("http://[::1]:1/x"),
    ).resolves.toBeUndefined();
  });

  it("refuse a name with any non-public record, since the connection may pick it", async () => {
    vi.stubEnv("STAGELINE_WEBHOOK_ALLOW", "");
    await expect(
      checkedAddresses(
        "mixed.example",
        fixed([PUBLIC, { address: "10.0.0.7", family: 4 }]),
      ),
    ).rejects.toThrow(/10\.0\.0\.7/);
    await expect(
      checkedAddresses("public.example", fixed([PUBLIC])),
    ).resolves.toEqual([PUBLIC]);
  });

  it("check again when connecting: a name that rebinds to loopback after creation gets no traffic", async () => {
    vi.stubEnv("STAGELINE_WEBHOOK_ALLOW", "");
    // Public while the webhook is checked, then loopback (where our receiver listens) when it is sent.
    const rebinding = fixed([PUBLIC], [{ address: "127.0.0.1", family: 4 }]);
    const url = `http://rebind.example:${port}/hook`;
    await expect(assertWebhookTarget(url, rebinding)).resolves.toBeUndefined();
    const before = hits;
    await expect(
      postWebhook(url, {}, "{}", { resolve: rebinding }),
    ).rejects.toThrow(
      /refused: rebind\.example resolves to 127\.0\.0\.1, a loopback address/,
    );
    expect(hits).toBe(before);
    // The socket connects to the address the guard checked: allowed, the same name reaches the receiver.
    vi.stubEnv("STAGELINE_WEBHOOK_ALLOW", "127.0.0.1");
    await expect(
      postWebhook(url, {}, "{}", {
        resolve: fixed([{ address: "127.0.0.1", family: 4 }]),
      }),
    ).resolves.toBe(204);
    expect(hits).toBe(before + 1);
  });

  it("never send a stored delivery to a target that is no longer allowed, and say why", async () => {
    const admin = await makeUser("admin");
    const hook = await createWebhook(admin, {
      url: `http://127.0.0.1:${port}/hook`,
      events: ["*"],
    });
    getDb()
      .insert(webhookDeliveries)
      .values({
        webhookId: hook.id,
        deliveryId: "d-1",
        event: "webhook.test",
        payload: "{}",
        nextAttemptAt: 0,
        createdAt: 0,
      })
      .run();
    // The operator removes loopback from the allow list: queued deliveries stop at the guard.
    vi.stubEnv("STAGELINE_WEBHOOK_ALLOW", "");
    const before = hits;
    await deliverDue();
    expect(hits).toBe(before);
    expect(listDeliveries(admin, hook.id)[0]).toMatchObject({
      status: "pending",
      attempts: 1,
      last_error: expect.stringContaining(
        "refused: 127.0.0.1 is a loopback address",
      ),
    });
  });
});
