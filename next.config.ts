import type { NextConfig } from "next";
import { API_HEADERS, COMMON_HEADERS } from "./lib/http/security-headers";

const asList = (h: Record<string, string>) =>
  Object.entries(h).map(([key, value]) => ({ key, value }));

const nextConfig: NextConfig = {
  // forbidden() renders app/forbidden.tsx with a real 403 status.
  experimental: { authInterrupts: true },
  poweredByHeader: false,
  // Loaded by Node at run time, not bundled: its protobuf (de)serialisation, which Stageline does
  // not use, requires an optional package the bundler would otherwise insist on.
  // piscina starts its worker threads from its own files in node_modules: loaded by Node, not bundled.
  serverExternalPackages: ["@datadog/sketches-js", "piscina"],
  // Worker threads run files of their own, outside Next's server bundle: every `next build` (npm run
  // build, npx next build, the build npm start makes when none exists) compiles the entries
  // (lib/workers/*.worker.ts) into <distDir>/workers, after Next has emptied the folder.
  compiler: {
    runAfterProductionCompile: async ({ distDir }) => {
      const { buildWorkers } = await import("./scripts/build-workers.mjs");
      await buildWorkers(`${distDir}/workers`);
    },
  },
  // On every response. Pages get their Content-Security-Policy (with a per-request nonce) from
  // the request listener (lib/http/listener.ts); API answers are data, so theirs allows nothing at all.
  async headers() {
    return [
      { source: "/:path*", headers: asList(COMMON_HEADERS) },
      { source: "/api/:path*", headers: asList(API_HEADERS) },
      { source: "/ajax-api/:path*", headers: asList(API_HEADERS) },
    ];
  },
  // Tests build into their own folder so they never clobber the developer's build.
  distDir: process.env.STAGELINE_DIST_DIR ?? ".next",
};

export default nextConfig;
