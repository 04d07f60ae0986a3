import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { tokenFor } from "./api";

test("the Python client registers, uploads and resolves aliases against the running app", async ({
  baseURL,
}) => {
  test.setTimeout(60_000);
  const token = await tokenFor("data_scientist", baseURL ?? "");
  const run = spawnSync("python3", ["test_stageline.py"], {
    cwd: path.resolve("clients/python"),
    env: { ...process.env, STAGELINE_URL: baseURL, STAGELINE_TOKEN: token },
    encoding: "utf8",
    timeout: 50_000,
  });
  const output = `${run.stdout}\n${run.stderr}`;
  expect(run.status, output).toBe(0);
  expect(output).toMatch(/Ran 3 tests/);
  expect(output).toMatch(/\nOK/);
});
