// The server entry: one process serving Stageline on HOSTNAME:PORT (Next's documented custom-server
// pattern). `npm start` (scripts/start.mjs) checks the data folder and the build, then runs this.
//
// Plain JavaScript on purpose: it imports nothing of the app. The request listener itself
// (lib/http/listener.ts: address stamp, early refusals, predictions and metric pushes, page nonces)
// is TypeScript compiled into Next's server bundle; instrumentation.ts publishes its factory while
// `app.prepare()` runs (with the migrations and the first-start seed), and only then does this
// process listen. One copy of the app's modules per process, so one database connection and one set
// of caches (docs/architecture.md, "The server entry").
//
// Self-contained per process, so that a cluster primary can fork N of it on one port.
import http from "node:http";
import path from "node:path";

process.env.NODE_ENV = "production";
// What `ps` (and the e2e suite's memory check) shows for a server process.
process.title = "stageline-server";
// instrumentation.ts refuses to serve a production build not started from here.
process.env.STAGELINE_SERVER_ENTRY = "1";

const root = path.resolve(import.meta.dirname, "..");
const hostname = process.env.HOSTNAME && process.env.HOSTNAME !== "" ? process.env.HOSTNAME : "127.0.0.1";
const port = Number(process.env.PORT ?? "3000");

const { default: next } = await import("next");
const app = next({ dev: false, dir: root, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

// In production, Next starts its server's prepare() (which runs instrumentation.ts's register())
// from a constructor without awaiting it, so app.prepare() can resolve before register() has
// published the listener: wait for it (register() publishes it first thing) rather than lose that race.
const published = () => globalThis[Symbol.for("stageline.requestListenerFactory")];
for (const deadline = Date.now() + 60_000; typeof published() !== "function" && Date.now() < deadline;)
  await new Promise((r) => setTimeout(r, 25));
const factory = published();
if (typeof factory !== "function") {
  console.error("[stageline] The build did not publish its request listener (instrumentation.ts): rebuild with `npm run build`.");
  process.exit(1);
}

const server = http.createServer(factory(handle));
server.on("error", (error) => {
  console.error(`[stageline] Cannot listen on ${hostname}:${port}: ${error.message}`);
  process.exit(1);
});
server.listen(port, hostname, () => console.log(`Stageline ready on http://${hostname}:${port}`));

// A stop finishes the answers under way (up to 10 s), then exits.
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    // Hands the scheduler lease back (published by instrumentation.ts) so another process takes
    // over on its next tick rather than after the lease's TTL.
    const shutdown = globalThis[Symbol.for("stageline.shutdown")];
    try {
      if (typeof shutdown === "function") shutdown();
    } catch (error) {
      console.error("[stageline] shutting the scheduler down failed", error);
    }
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 10_000).unref();
  });
}
