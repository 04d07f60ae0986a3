import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // forbidden() renders app/forbidden.tsx with a real 403 status.
  experimental: { authInterrupts: true },
  poweredByHeader: false,
  // Loaded by Node at run time, not bundled: its protobuf (de)serialisation, which Stageline does
  // not use, requires an optional package the bundler would otherwise insist on.
  serverExternalPackages: ["@datadog/sketches-js"],
  // On every response. Pages get their Content-Security-Policy (with a per-request nonce) from
  // proxy.ts; API answers are data, so theirs allows nothing at all.
  async headers() {
    const common = [
      { key: "X-Content-Type-Options", value: "nosniff" },
      { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
      { key: "X-Frame-Options", value: "DENY" },
      { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
    ];
    const apiPolicy = { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" };
    return [
      { source: "/:path*", headers: common },
      { source: "/api/:path*", headers: [apiPolicy] },
      { source: "/ajax-api/:path*", headers: [apiPolicy] },
    ];
  },
  // Tests build into their own folder so they never clobber the developer's build.
  distDir: process.env.STAGELINE_DIST_DIR ?? ".next",
};

export default nextConfig;
