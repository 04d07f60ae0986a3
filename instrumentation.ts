// Runs once when the server starts: applies migrations and the first-start seed before any request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
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
  const { getDb } = await import("./db/client");
  try {
    getDb();
  } catch (error) {
    // A database that cannot be opened or written (a read-only data folder...) fails every request:
    // stop here with the reason instead of saying Ready.
    console.error(`[stageline] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  // Before anything touches the data folder (removing temp uploads would cut off another server's).
  const { assertDataFolderFree } = await import("./lib/scheduler/lease");
  try {
    await assertDataFolderFree();
  } catch (error) {
    console.error(`[stageline] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  const { removeStaleUploads } = await import("./lib/blobs/blob-store");
  const removed = await removeStaleUploads();
  if (removed > 0) console.log(`Stageline: removed ${removed} temp file(s) of uploads cut off by an earlier stop.`);
  const { seedIfEmpty } = await import("./lib/demo/seed");
  await seedIfEmpty();
  const { backfillContentDigests } = await import("./lib/registry/content");
  backfillContentDigests();
  const { signUnsignedVersions } = await import("./lib/signing/sign");
  signUnsignedVersions();
  const { startScheduler, stopScheduler } = await import("./lib/scheduler/scheduler");
  startScheduler();
  // The server entry calls this on SIGTERM/SIGINT: the scheduler lease is handed back at once
  // instead of lapsing after its TTL.
  (globalThis as Record<symbol, unknown>)[Symbol.for("stageline.shutdown")] = stopScheduler;
}
