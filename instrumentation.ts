// Runs once when the server starts: applies migrations and the first-start seed before any request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { installServerHooks } = await import("./lib/http/server-hooks");
  installServerHooks();
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
  const { seedIfEmpty } = await import("./db/seed");
  await seedIfEmpty();
  const { backfillContentDigests } = await import("./lib/registry/content");
  backfillContentDigests();
  const { signUnsignedVersions } = await import("./lib/signing/sign");
  signUnsignedVersions();
  const { startScheduler } = await import("./lib/scheduler/scheduler");
  startScheduler();
}
