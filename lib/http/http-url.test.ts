import { describe, expect, it } from "vitest";
import { getSqlite } from "@/db/client";
import { createRule } from "@/lib/alerts/rules";
import { createDeployment } from "@/lib/deployments/deployments";
import { DomainError } from "@/lib/errors";
import { createModel } from "@/lib/registry/models";
import { createVersion } from "@/lib/registry/versions";
import { makeUser } from "@/lib/testing/factories";
import { isHttpUrl } from "./http-url";

// Runbook and endpoint URLs end up as links and as addresses the app calls: http(s) only.

const BAD = [
  "javascript:alert(document.cookie)",
  "JavaScript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "file:///etc/passwd",
  "vbscript:msgbox",
  "ftp://host/x",
  "http://",
  "not a url",
  "",
];

function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("invalid");
    return Object.keys((error as DomainError).details?.fields ?? {});
  }
  throw new Error("expected a refusal");
}

const count = (table: string) =>
  (
    getSqlite().prepare(`select count(*) n from ${table}`).get() as {
      n: number;
    }
  ).n;

describe("URL fields", () => {
  it("accept http and https URLs only", () => {
    for (const ok of [
      "https://wiki.example/runbooks/latency",
      "http://127.0.0.1:8080/predict",
    ])
      expect(isHttpUrl(ok)).toBe(true);
    for (const bad of BAD) expect(isHttpUrl(bad)).toBe(false);
  });

  it("an alert rule's runbook_url and a deployment's endpoint_url refuse other schemes, naming the field and saving nothing", async () => {
    const ds = await makeUser("data_scientist");
    createModel(ds, { name: "linked" });
    createVersion(ds, "linked", {});
    const rule = {
      name: "slow",
      metric: "latency_ms",
      aggregation: "p95",
      comparator: ">",
      threshold: 100,
      window_seconds: 60,
    };
    const rules = count("alert_rules");
    const deployments = count("deployments");
    for (const bad of BAD) {
      expect(
        fieldsOf(() => createRule(ds, { ...rule, runbook_url: bad })),
      ).toEqual(["runbook_url"]);
      expect(
        fieldsOf(() =>
          createDeployment(ds, "linked", {
            version: 1,
            environment: "prod",
            target: "external",
            endpoint_url: bad,
          }),
        ),
      ).toEqual(["endpoint_url"]);
    }
    expect(count("alert_rules")).toBe(rules);
    expect(count("deployments")).toBe(deployments);
    expect(
      createRule(ds, {
        ...rule,
        runbook_url: "https://wiki.example/runbooks/latency",
      }).runbook_url,
    ).toBe("https://wiki.example/runbooks/latency");
  });
});
