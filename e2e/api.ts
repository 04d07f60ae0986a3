import path from "node:path";
import Database from "better-sqlite3";
import { expect, request, type APIRequestContext } from "@playwright/test";
import type { Role } from "../lib/roles";
import { account, stateFile } from "./accounts";
import { signInCookie } from "./own-server";

/** A fresh API token for the demo user of `role`, made through the REST API with their session. */
export async function tokenFor(role: Role, baseURL: string): Promise<string> {
  const session = await request.newContext({
    baseURL,
    storageState: stateFile(role),
  });
  const res = await session.post("/api/v1/tokens", {
    data: { name: `e2e-${Date.now()}` },
  });
  if (res.status() !== 201)
    throw new Error(
      `token creation failed: ${res.status()} ${await res.text()}`,
    );
  const { token } = (await res.json()) as { token: string };
  await session.dispose();
  return token;
}

/** An API client authenticated only by a bearer token (no cookies). */
export async function apiAs(
  role: Role,
  baseURL: string,
): Promise<APIRequestContext> {
  const token = await tokenFor(role, baseURL);
  return request.newContext({
    baseURL,
    extraHTTPHeaders: { Authorization: `Bearer ${token}` },
  });
}

/** The files version `version` of model `name` holds, as its artifacts route lists them. */
export async function artifactsOf(
  api: APIRequestContext,
  name: string,
  version: number,
): Promise<{ path: string; sha256: string }[]> {
  const res = await api.get(
    `/api/v1/models/${encodeURIComponent(name)}/versions/${version}/artifacts`,
  );
  return (
    (await res.json()) as { artifacts: { path: string; sha256: string }[] }
  ).artifacts;
}

/** A new model `name` of `api`'s user with one version and nothing logged yet (REST API). */
export async function modelWithVersion(
  api: APIRequestContext,
  name: string,
): Promise<void> {
  expect((await api.post("/api/v1/models", { data: { name } })).status()).toBe(
    201,
  );
  expect(
    (
      await api.post(`/api/v1/models/${encodeURIComponent(name)}/versions`, {
        data: {},
      })
    ).status(),
  ).toBe(201);
}

/** A regression model `name` made by `api`'s user with two versions, both serving the one ONNX file
 *  of the demo's cars-mpg v1 (a real model, so each can answer; one shared blob). */
export async function twoVersionsOfCarsMpg(
  api: APIRequestContext,
  name: string,
): Promise<void> {
  const enc = encodeURIComponent;
  const onnx = await (
    await api.get("/api/v1/models/cars-mpg/versions/1/artifacts/model.onnx")
  ).body();
  expect(
    (
      await api.post("/api/v1/models", { data: { name, task: "regression" } })
    ).status(),
  ).toBe(201);
  for (let v = 1; v <= 2; v++) {
    await api.post(`/api/v1/models/${enc(name)}/versions`, {
      data: {
        signature: {
          inputs: [{ name: "horsepower", type: "float32", shape: [-1] }],
          outputs: [{ name: "mpg", type: "float32", shape: [-1] }],
        },
      },
    });
    expect(
      (
        await api.put(
          `/api/v1/models/${enc(name)}/versions/${v}/artifacts/model.onnx`,
          { data: onnx },
        )
      ).status(),
    ).toBe(201);
  }
}

/** Signs the demo user of `role` in through the auth API, with `headers` besides the Origin; the
 *  new session's token. */
export async function signInToken(
  api: APIRequestContext,
  role: Role,
  baseURL: string,
  headers: Record<string, string> = {},
): Promise<string> {
  const { email, password } = account(role);
  const res = await api.post("/api/auth/sign-in/email", {
    headers: { ...headers, Origin: baseURL },
    data: { email, password },
  });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

/** The e2e server's session row of `token`: where better-auth keeps the client address (and the
 *  sign-in limit keys on the same one). */
export function sessionOf(
  token: string,
): { id: string; ip_address: string } | undefined {
  const db = new Database(path.resolve(".e2e/data/stageline.db"), {
    readonly: true,
  });
  try {
    return db
      .prepare("select id, ip_address from session where token = ?")
      .get(token) as { id: string; ip_address: string } | undefined;
  } finally {
    db.close();
  }
}

/** A fresh API token of the account `email`, made through the REST API of the server at `url`
 *  after a sign-in with its password: for the servers a spec starts on a data folder of its own. */
export async function tokenByPassword(
  url: string,
  email: string,
  password: string,
  name: string,
): Promise<string> {
  const signIn = await signInCookie(url, email, password);
  expect(signIn.status, `sign-in as ${email}`).toBe(200);
  const { cookie } = signIn;
  const created = await fetch(`${url}/api/v1/tokens`, {
    method: "POST",
    headers: { cookie, Origin: url, "Content-Type": "application/json" },
    body: JSON.stringify({ name }),
  });
  expect(created.status).toBe(201);
  return ((await created.json()) as { token: string }).token;
}
