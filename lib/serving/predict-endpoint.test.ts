import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { getAuth } from "@/lib/auth/auth";
import { SYSTEM_ACTOR, type Actor } from "@/lib/auth/actor";
import { fitLogistic } from "@/lib/ml/models";
import { exportOnnx } from "@/lib/ml/onnx-export";
import { putArtifact } from "@/lib/registry/artifacts";
import { createModel } from "@/lib/registry/models";
import { createVersion } from "@/lib/registry/versions";
import { makeUser } from "@/lib/testing/factories";
import { throughListener } from "@/lib/testing/listener";
import { createToken, revokeToken } from "@/lib/tokens/tokens";
import { setActive } from "@/lib/users/users";

// The prediction endpoint through the real request listener: a Bearer token is checked on a
// synchronous path of its own (no web Headers, no promise), so this holds that path to the same
// answers as every other API route, and that a change to the token or its owner applies at once.

const body = { inputs: { a: [1, 3], b: [2, 3] } };
const predict = (headers: Record<string, string>) =>
  throughListener(
    new Request("http://x/api/v1/serve/gated/1/predict", {
      method: "POST",
      headers: { "Content-Type": "application/json", ...headers },
      body: JSON.stringify(body),
    }),
  );
const refusal = async (res: Response) => ({
  status: res.status,
  message: ((await res.json()) as { error: { message: string } }).error.message,
});

let served: Promise<Actor> | undefined;
/** The model both tests predict with, registered once for the file. */
const servedModel = () => (served ??= registerModel());

async function registerModel(): Promise<Actor> {
  const ds = await makeUser("data_scientist");
  createModel(ds, { name: "gated" });
  const signature = {
    inputs: ["a", "b"].map((name) => ({ name, type: "float32", shape: [-1] })),
    outputs: [],
  };
  createVersion(ds, "gated", { signature });
  const X = [
    [1, 2],
    [2, 1],
    [3, 3],
    [0, 1],
  ];
  await putArtifact(
    ds,
    "gated",
    "1",
    "model.onnx",
    Readable.from([
      Buffer.from(exportOnnx(fitLogistic(["a", "b"], X, [0, 0, 1, 1], 1))),
    ]),
  );
  return ds;
}

describe("the prediction endpoint's authentication", () => {
  it("answers a valid token, and refuses a malformed, unknown, revoked or deactivated owner's one on the very next request", async () => {
    const ds = await servedModel();
    const { token, summary } = createToken(ds, { name: "machine" });
    const ok = await predict({ Authorization: `Bearer ${token}` });
    expect(ok.status).toBe(200);
    expect(
      ((await ok.json()) as { predictions: number[] }).predictions,
    ).toHaveLength(2);

    expect(
      await refusal(await predict({ Authorization: "Basic dXNlcjpwdw==" })),
    ).toEqual({
      status: 401,
      message: "Malformed Authorization header: expected 'Bearer <token>'",
    });
    expect(
      await refusal(await predict({ Authorization: "Bearer nope" })),
    ).toEqual({
      status: 401,
      message: "Malformed API token: expected stl_ followed by 43 characters",
    });
    expect(
      (await predict({ Authorization: `Bearer stl_${"A".repeat(43)}` })).status,
    ).toBe(401);

    // A read-only token may predict (reading models is all it takes).
    const { token: readOnly } = createToken(ds, {
      name: "reader",
      scope: "read",
    });
    expect(
      (await predict({ Authorization: `Bearer ${readOnly}` })).status,
    ).toBe(200);

    // The token was cached by the requests above: the revocation must still apply at once.
    revokeToken(ds, summary.id);
    expect(
      await refusal(await predict({ Authorization: `Bearer ${token}` })),
    ).toEqual({
      status: 401,
      message: "This API token was revoked",
    });
    setActive(SYSTEM_ACTOR, { userId: ds.id, active: false });
    expect(
      await refusal(await predict({ Authorization: `Bearer ${readOnly}` })),
    ).toEqual({
      status: 401,
      message: "The owner of this API token is deactivated",
    });
  });

  it("still takes a signed-in browser's session cookie, and refuses a caller with neither", async () => {
    await servedModel();
    const u = await makeUser("manager");
    const res = await getAuth().api.signInEmail({
      body: { email: u.email, password: "test-password-1" },
      asResponse: true,
    });
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(";")[0] as string);
    expect((await predict({ Cookie: cookie.join("; ") })).status).toBe(200);
    expect(await refusal(await predict({}))).toEqual({
      status: 401,
      message:
        "Sign in or send an API token as 'Authorization: Bearer <token>'",
    });
  });
});
