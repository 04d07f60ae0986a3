import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // forbidden() renders app/forbidden.tsx with a real 403 status.
  experimental: { authInterrupts: true },
  poweredByHeader: false,
  // Loaded by Node at run time, not bundled: its protobuf (de)serialisation, which Stageline does
  // not use, requires an optional package the bundler would otherwise insist on.
  serverExternalPackages: ["@datadog/sketches-js"],
  // Tests build into their own folder so they never clobber the developer's build.
  distDir: process.env.STAGELINE_DIST_DIR ?? ".next",
};

export default nextConfig;
