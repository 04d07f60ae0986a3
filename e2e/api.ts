import { request, type APIRequestContext } from "@playwright/test";
import type { Role } from "../lib/roles";
import { stateFile } from "./accounts";

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
