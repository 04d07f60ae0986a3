import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // Outside Next's react-server bundle this marker package throws; tests run server code directly.
      "server-only": path.resolve(
        import.meta.dirname,
        "lib/testing/server-only-stub.ts",
      ),
    },
  },
  test: {
    include: [
      "lib/**/*.test.ts",
      "db/**/*.test.ts",
      "scripts/**/*.test.ts",
      "app/**/*.test.ts",
      // Rendering tests of shared components (react-dom/server, no browser).
      "components/**/*.test.tsx",
    ],
    setupFiles: ["lib/testing/setup.ts"],
    // Compiles the worker-thread entries once per run (lib/workers/pool.ts runs them).
    globalSetup: ["lib/testing/global-setup.ts"],
    pool: "forks",
    testTimeout: 20_000,
    // As the e2e suite does on CI (playwright.config.ts): a test that fails once and passes on its
    // retry is reported, not fatal; one that fails twice fails the run.
    retry: process.env.CI ? 1 : 0,
    hookTimeout: 60_000,
  },
});
