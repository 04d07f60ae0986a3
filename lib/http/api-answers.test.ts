import { describe, expect, it } from "vitest";
import * as meRoute from "@/app/api/v1/me/route";
import * as modelsRoute from "@/app/api/v1/models/route";
import { handleMlflow } from "@/lib/mlflow/router";
import { makeUser } from "@/lib/testing/factories";
import { createToken } from "@/lib/tokens/tokens";

// What every authenticated API answer carries, and how the API layers take deeply nested JSON.

const deep = (n: number) => "[".repeat(n) + "]".repeat(n);

async function bearer() {
  const actor = await makeUser("data_scientist");
  return createToken(actor, { name: "answers" }).token;
}

function mlflow(
  method: string,
  path: string,
  body: string | undefined,
  token: string,
) {
  const url = `http://127.0.0.1/api/2.0/mlflow/${path}`;
  return handleMlflow(
    new Request(url, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        "Content-Type": "application/json",
      },
      body,
    }),
    path.split("?")[0]?.split("/") ?? [],
  );
}

const none = { params: Promise.resolve({}) };

describe("API answers", () => {
  it("REST answers carry Cache-Control: no-store, successes and errors alike", async () => {
    const token = await bearer();
    const ok = await meRoute.GET(
      new Request("http://127.0.0.1/api/v1/me", {
        headers: { Authorization: `Bearer ${token}` },
      }),
      none,
    );
    expect(ok.status).toBe(200);
    expect(ok.headers.get("cache-control")).toBe("no-store");
    const unauthenticated = await meRoute.GET(
      new Request("http://127.0.0.1/api/v1/me"),
      none,
    );
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get("cache-control")).toBe("no-store");
    const invalid = await modelsRoute.POST(
      new Request("http://127.0.0.1/api/v1/models", {
        method: "POST",
        headers: { Authorization: `Bearer ${token}` },
        body: "{",
      }),
      none,
    );
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get("cache-control")).toBe("no-store");
  });

  it("MLflow answers carry Cache-Control: no-store, successes and errors alike", async () => {
    const token = await bearer();
    const ok = await mlflow(
      "GET",
      "registered-models/search",
      undefined,
      token,
    );
    expect(ok.status).toBe(200);
    expect(ok.headers.get("cache-control")).toBe("no-store");
    for (const res of [
      await mlflow("GET", "registered-models/get?name=nope", undefined, token),
      await mlflow("GET", "nowhere", undefined, token),
      await mlflow("PUT", "registered-models/create", "{}", token),
    ]) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.headers.get("cache-control")).toBe("no-store");
    }
  });

  it("10,000-deep JSON is a 400 INVALID_PARAMETER_VALUE from MLflow and a 400 naming body from REST, never a 500", async () => {
    const token = await bearer();
    const res = await mlflow(
      "POST",
      "registered-models/create",
      `{"name":${deep(10_000)}}`,
      token,
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error_code: string; message: string };
    expect(body.error_code).toBe("INVALID_PARAMETER_VALUE");
    expect(body.message).toMatch(
      /nests objects and arrays more than 64 levels/,
    );

    const rest = await modelsRoute.POST(
      new Request("http://127.0.0.1/api/v1/models", {
        method: "POST",
        headers: { Authorization: `Bearer ${token}` },
        body: `{"name":"x","tags":${deep(10_000)}}`,
      }),
      none,
    );
    expect(rest.status).toBe(400);
    expect(
      (
        (await rest.json()) as {
          error: { details: { fields: Record<string, string[]> } };
        }
      ).error.details.fields,
    ).toEqual({
      body: ["Nested too deeply"],
    });
  });
});
