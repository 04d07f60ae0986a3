import fs from "node:fs";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

// The e2e suite runs the production build (`npm start` path) on its own port and data folder,
// never the developer's. The main process wipes that folder; workers only read the config.
const port = Number(process.env.E2E_PORT ?? 3210);
const dataDir = path.resolve(".e2e/data");
if (!process.env.TEST_WORKER_INDEX) {
  fs.rmSync(path.resolve(".e2e"), { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
}

/** Specs that fill the shared server with fixtures (see the "matrices" project). */
const SUITES_THAT_FLOOD = /(route-matrix|action-matrix|bad-input)\.spec\.ts/;

export const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "e2e",
  outputDir: ".e2e/results",
  fullyParallel: false,
  workers: 2,
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--disable-gpu",
      ],
    },
  },
  projects: [
    { name: "setup", testMatch: /global\.setup\.ts/ },
    {
      name: "chromium",
      use: { ...devices["Desktop Chrome"] },
      dependencies: ["setup"],
      testIgnore: SUITES_THAT_FLOOD,
    },
    // The permission, action and bad-input matrices call every route and action as every caller:
    // hundreds of models, requests and audit events in the shared server. They run after the specs
    // that read the demo's figures, the inbox and the audit trail as a user would.
    {
      name: "matrices",
      testMatch: SUITES_THAT_FLOOD,
      use: { ...devices["Desktop Chrome"] },
      dependencies: ["chromium"],
    },
  ],
  webServer: {
    command: "node scripts/start.mjs",
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "ignore",
    stderr: "pipe",
    // The webhook specs' receivers listen on loopback, which webhooks refuse unless allowed. Two
    // worker processes, as `npm start` serves on a 2-core machine, so every spec runs against them.
    env: {
      STAGELINE_WORKERS: "2",
      STAGELINE_DATA_DIR: dataDir,
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      STAGELINE_DEMO: "1",
      STAGELINE_WEBHOOK_ALLOW: "127.0.0.1",
    },
  },
});
