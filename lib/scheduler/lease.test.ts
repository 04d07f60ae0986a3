import { spawn } from "node:child_process";
import os from "node:os";
import { describe, expect, it } from "vitest";
import {
  acquireLease,
  assertDataFolderFree,
  DataFolderInUseError,
  holderIsDead,
  LEASE_TTL_MS,
  parseHolder,
  processHolder,
  readLease,
  releaseLease,
  renewLease,
  serverHolder,
} from "./lease";

const host = os.hostname();
// A holder id as another live process on this machine would make it (our parent: alive, and not us).
const alive = `${process.ppid}@${host}#aaaaaa`;

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""]);
  await new Promise((resolve) => child.on("exit", resolve));
  return child.pid ?? 999_999;
}

describe("leases", () => {
  it("lets one holder at a time take a lease, and another only once it expired", () => {
    const t = 1_000_000;
    expect(acquireLease("l1", "a", t)).toBe("acquired");
    expect(acquireLease("l1", "b", t + 1)).toBeNull();
    expect(acquireLease("l1", "a", t + 2_000)).toBe("renewed");
    // Renewed at t + 2 s: still held at t + 7 s, expired at t + 8 s.
    expect(acquireLease("l1", "b", t + 2_000 + LEASE_TTL_MS - 1)).toBeNull();
    expect(acquireLease("l1", "b", t + 2_000 + LEASE_TTL_MS)).toBe("acquired");
    expect(readLease("l1")).toMatchObject({
      holder: "b",
      acquiredAt: t + 2_000 + LEASE_TTL_MS,
    });
    // The old holder finds it lost the lease: renewing fails, and it cannot take it back while b renews.
    expect(renewLease("l1", "a", t + 9_000)).toBe(false);
    expect(acquireLease("l1", "a", t + 9_000)).toBeNull();
  });

  it("keeps since-when on renewal and frees the lease on release, for the holder only", () => {
    expect(acquireLease("l2", "a", 10)).toBe("acquired");
    expect(renewLease("l2", "a", 20)).toBe(true);
    expect(readLease("l2")).toMatchObject({
      acquiredAt: 10,
      expiresAt: 20 + LEASE_TTL_MS,
    });
    expect(releaseLease("l2", "b")).toBe(false);
    expect(releaseLease("l2", "a")).toBe(true);
    expect(acquireLease("l2", "b", 30)).toBe("acquired");
  });

  it("names each process uniquely and tells a dead local holder from a live one", async () => {
    expect(parseHolder(processHolder())).toEqual({
      pid: process.pid,
      host,
      cluster: null,
    });
    expect(holderIsDead(alive, processHolder())).toBe(false);
    expect(holderIsDead(`${await deadPid()}@${host}#bbbbbb`)).toBe(true);
    // Another machine cannot be probed; a predecessor that had our pid is dead.
    expect(holderIsDead(`1@not-${host}#cccccc`)).toBe(false);
    expect(
      holderIsDead(
        `${process.pid}@${host}#dddddd`,
        `${process.pid}@${host}#eeeeee`,
      ),
    ).toBe(true);
  });
});

describe("assertDataFolderFree", () => {
  // A fake clock and sleep, so waiting out a lease takes no real time.
  function clock(start: number) {
    let t = start;
    return {
      now: () => t,
      sleep: async (ms: number) => void (t += ms),
      advance: (ms: number) => (t += ms),
    };
  }

  it("refuses a folder whose scheduler lease a live process keeps renewing, naming the folder and the process", async () => {
    const c = clock(Date.now());
    acquireLease("scheduler", alive, c.now());
    // The other server renews every 2 s while we wait.
    const sleep = async (ms: number) => {
      c.advance(ms);
      renewLease("scheduler", alive, c.now());
    };
    const error = await assertDataFolderFree({
      join: false,
      self: "me",
      now: c.now,
      sleep,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataFolderInUseError);
    expect(String(error)).toContain(process.env.STAGELINE_DATA_DIR);
    expect(String(error)).toContain(`process ${process.ppid} on ${host}`);
    expect(String(error)).toContain("STAGELINE_JOIN=1");
    // Joining on purpose is allowed.
    await expect(
      assertDataFolderFree({ join: true, self: "me", now: c.now, sleep }),
    ).resolves.toBeUndefined();
    releaseLease("scheduler", alive);
  });

  it("lets a restart after SIGKILL start at once: a fresh lease of a dead local pid is cleared", async () => {
    const dead = `${await deadPid()}@${host}#ffffff`;
    acquireLease("scheduler", dead, Date.now());
    const c = clock(Date.now());
    await assertDataFolderFree({
      join: false,
      self: "me",
      now: c.now,
      sleep: c.sleep,
    });
    expect(readLease("scheduler")).toBeNull();
  });

  it("takes over from a holder it cannot probe once that holder fails to renew", async () => {
    const c = clock(Date.now());
    acquireLease("server", `1@elsewhere#abcdef`, c.now());
    await assertDataFolderFree({
      join: false,
      self: "me",
      now: c.now,
      sleep: c.sleep,
    });
    expect(readLease("server")).toBeNull();
  });

  it("lets the workers of one server start beside each other, and still refuses another server beside them", async () => {
    // What a worker of cluster c1 sees: its primary (our parent here, alive) holds the server lease
    // and keeps renewing it, a sibling holds the scheduler lease.
    process.env.STAGELINE_CLUSTER_ID = "c1";
    const primary = serverHolder();
    delete process.env.STAGELINE_CLUSTER_ID;
    expect(primary).toBe(`${process.ppid}@${host}#c1.0`);
    expect(parseHolder(primary)).toEqual({
      pid: process.ppid,
      host,
      cluster: "c1",
    });
    const sibling = `${process.ppid}@${host}#c1.abcdef`;
    const c = clock(Date.now());
    acquireLease("server", primary, c.now());
    acquireLease("scheduler", sibling, c.now());
    const sleep = async (ms: number) => {
      c.advance(ms);
      renewLease("server", primary, c.now());
      renewLease("scheduler", sibling, c.now());
    };
    // A re-forked worker of the same cluster: no wait, no refusal, nothing cleared.
    await expect(
      assertDataFolderFree({
        join: false,
        self: `${process.pid}@${host}#c1.123456`,
        now: c.now,
        sleep,
      }),
    ).resolves.toBeUndefined();
    expect(readLease("server")?.holder).toBe(primary);
    expect(readLease("scheduler")?.holder).toBe(sibling);
    // Another server's worker, or a single-process server: refused, naming the primary.
    for (const self of [
      `${process.pid}@${host}#c2.123456`,
      `${process.pid}@${host}#123456`,
    ]) {
      const error = await assertDataFolderFree({
        join: false,
        self,
        now: c.now,
        sleep,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataFolderInUseError);
      expect(String(error)).toContain(
        `process ${process.ppid} on ${host} (holding the server lease`,
      );
    }
    releaseLease("server", primary);
    releaseLease("scheduler", sibling);
  });
});
