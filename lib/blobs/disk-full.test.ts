// A full disk answers 507 with a message that says so (never a generic 500), leaves no half file,
// and turns /api/health degraded with the reason.
import fs from "node:fs";
import path from "node:path";
import { Readable, Writable } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { getSqlite } from "@/db/client";
import { storageHealth } from "@/lib/health";
import { blobDir } from "@/lib/config";
import { errorPayload } from "@/lib/http/route";
import { toMlflowError } from "@/lib/mlflow/errors";
import { createModel } from "@/lib/registry/models";
import { makeUser } from "@/lib/testing/factories";
import { blobStore } from "./blob-store";

const enospc = () =>
  Object.assign(new Error("ENOSPC: no space left on device, write"), {
    code: "ENOSPC",
    errno: -28,
    syscall: "write",
  });
const partFiles = () =>
  fs.existsSync(path.join(blobDir(), "tmp"))
    ? fs.readdirSync(path.join(blobDir(), "tmp"))
    : [];

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe("a full disk", () => {
  it("refuses an upload with 507 and a clear message, removes its temp file, and degrades /api/health", async () => {
    // The file system refuses the write half way, as it does when the disk fills during an upload.
    vi.spyOn(fs, "createWriteStream").mockImplementation(
      () =>
        new Writable({
          write(_chunk, _enc, done) {
            done(enospc());
          },
        }) as unknown as fs.WriteStream,
    );
    const failure = await blobStore()
      .stage(Readable.from([Buffer.from("model bytes")]), 1024)
      .catch((e: unknown) => e);
    vi.restoreAllMocks();
    expect(failure).toMatchObject({
      code: "insufficient_storage",
      message: expect.stringMatching(
        /^The server's disk is full: the file could not be written/,
      ),
    });
    expect(partFiles()).toEqual([]);
    const answer = errorPayload(failure);
    expect(answer.status).toBe(507);
    expect(answer.body.error).toMatchObject({
      code: "insufficient_storage",
      message: expect.stringContaining("disk is full"),
    });
    expect(toMlflowError(failure)).toMatchObject({
      code: "IO_ERROR",
      status: 507,
    });

    expect(storageHealth()).toMatchObject({
      ok: false,
      problem: expect.stringContaining("disk is full"),
    });
    const res = health();
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      status: "degraded",
      storage: { ok: false, problem: expect.stringContaining("disk is full") },
    });
    // The memory of it fades: ten minutes later only the free space counts.
    expect(storageHealth(Date.now() + 11 * 60_000)).toMatchObject({ ok: true });
  });

  it("answers a database write that hits SQLITE_FULL with 507 on every adapter", async () => {
    const ds = await makeUser("data_scientist");
    const sqlite = getSqlite();
    const pages = sqlite.pragma("page_count", { simple: true }) as number;
    // SQLite's own limit on the file's size gives the same SQLITE_FULL a full disk does.
    sqlite.pragma(`max_page_count = ${pages}`);
    let failure: unknown;
    try {
      for (let i = 0; i < 200; i++)
        createModel(ds, {
          name: `filling-${i}`,
          description: "x".repeat(4000),
        });
    } catch (e) {
      failure = e;
    } finally {
      sqlite.pragma("max_page_count = 1073741823");
    }
    expect(failure).toMatchObject({ code: "SQLITE_FULL" });
    expect(errorPayload(failure)).toMatchObject({
      status: 507,
      body: {
        error: {
          code: "insufficient_storage",
          message: expect.stringMatching(
            /^The server's disk is full: the change could not be saved to the database/,
          ),
        },
      },
    });
    expect(toMlflowError(failure)).toMatchObject({
      code: "IO_ERROR",
      status: 507,
      message: expect.stringContaining("disk is full"),
    });
  });

  it("degrades /api/health when free space falls below STAGELINE_MIN_FREE_MB", () => {
    vi.stubEnv("STAGELINE_MIN_FREE_MB", String(1024 ** 3)); // a petabyte: more than any test disk has
    expect(storageHealth(Date.now() + 11 * 60_000)).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^only \d+ MB free in the data folder/),
    });
    vi.stubEnv("STAGELINE_MIN_FREE_MB", "0");
    expect(storageHealth(Date.now() + 11 * 60_000)).toMatchObject({
      ok: true,
      freeBytes: expect.any(Number),
    });
  });
});
