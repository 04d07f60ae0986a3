// Runs once when the server starts: applies migrations and the first-start seed before any request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Next does not wait for register() in `app.prepare()` (it starts it, and holds its own requests
  // until it is done, but the listener's machine endpoints do not go through Next): the server entry
  // awaits this promise before it listens, so no request is taken before the start-up step is done.
  // (Inline, not a function of the module: the edge bundle drops register's body after the runtime
  // check above, but would compile a separate function and its server-only imports.)
  const started = (async (): Promise<void> => {
    // The request listener (address stamp, early refusals, machine endpoints, page nonces) is built
    // here, inside Next's bundle, and handed to the server entry scripts/server.mjs, which owns the
    // HTTP server. Served any other way in production (`next start` by hand), pages would go without
    // their policy and predictions without their endpoint: refuse instead of serving half an app.
    if (
      process.env.NODE_ENV === "production" &&
      process.env.NEXT_PHASE !== "phase-production-build" &&
      process.env.STAGELINE_SERVER_ENTRY !== "1"
    ) {
      console.error(
        "[stageline] Start Stageline with `npm start` (node scripts/server.mjs), not `next start`: the request listener lives in that entry.",
      );
      process.exit(1);
    }
    const { publishListenerFactory } = await import("./lib/http/listener");
    publishListenerFactory();
    // One process at a time from here to the leases (lib/scheduler/start-lock.ts): migrations, the
    // check against another server, the first-start work and the check-in. Workers of one server run
    // this too, one after the other; a second `npm start` on the folder waits here and then sees the
    // first one's leases.
    const { takeStartLock } = await import("./lib/scheduler/start-lock");
    let lock: { release: () => void };
    try {
      lock = await takeStartLock();
    } catch (error) {
      console.error(
        `[stageline] ${error instanceof Error ? error.message : String(error)}`,
      );
      process.exit(1);
    }
    // The first worker of a server (STAGELINE_WORKER_FIRST=1 from the server entry's primary), or a
    // single-process server, does the work of a start on the data folder. Later workers, and a
    // worker re-forked after a crash, only open the database and check in: the seed and backfills are
    // done, and removing "cut off" uploads then could only race the siblings' own.
    const firstStart =
      !process.env.STAGELINE_CLUSTER_ID ||
      process.env.STAGELINE_WORKER_FIRST === "1";
    try {
      const { getDb } = await import("./db/client");
      try {
        getDb();
      } catch (error) {
        // A database that cannot be opened or written (a read-only data folder...) fails every request:
        // stop here with the reason instead of saying Ready.
        console.error(
          `[stageline] ${error instanceof Error ? error.message : String(error)}`,
        );
        process.exit(1);
      }
      // Before anything touches the data folder (removing temp uploads would cut off another server's).
      const { assertDataFolderFree } = await import("./lib/scheduler/lease");
      try {
        await assertDataFolderFree();
      } catch (error) {
        console.error(
          `[stageline] ${error instanceof Error ? error.message : String(error)}`,
        );
        process.exit(1);
      }
      if (firstStart) {
        const { blobStore } = await import("./lib/blobs/blob-store");
        const removed = await blobStore().removeStaleUploads();
        if (removed > 0)
          console.log(
            `Stageline: removed ${removed} temp file(s) of uploads cut off by an earlier stop.`,
          );
        const { seedIfEmpty } = await import("./lib/demo/seed");
        await seedIfEmpty();
        const { backfillContentDigests } =
          await import("./lib/registry/content");
        backfillContentDigests();
        const { signUnsignedVersions } = await import("./lib/signing/sign");
        signUnsignedVersions();
      }
      // Takes the server lease (and the scheduler lease if free) while still under the start lock, so
      // the next start on this folder finds them.
      const { startScheduler, stopScheduler } =
        await import("./lib/scheduler/scheduler");
      startScheduler();
      // The server entry calls this on SIGTERM/SIGINT: the scheduler lease is handed back at once
      // instead of lapsing after its TTL.
      (globalThis as Record<symbol, unknown>)[
        Symbol.for("stageline.shutdown")
      ] = stopScheduler;
    } finally {
      lock.release();
    }
  })();
  (globalThis as Record<symbol, unknown>)[Symbol.for("stageline.started")] =
    started;
  await started;
}
