// Runs once when the server starts: applies migrations and the first-start seed before any request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { installServerHooks } = await import("./lib/http/server-hooks");
  installServerHooks();
  const { getDb } = await import("./db/client");
  getDb();
  const { seedIfEmpty } = await import("./db/seed");
  await seedIfEmpty();
  const { signUnsignedVersions } = await import("./lib/signing/sign");
  signUnsignedVersions();
  const { startScheduler } = await import("./lib/scheduler/scheduler");
  startScheduler();
}
