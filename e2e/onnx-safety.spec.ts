import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { exfiltratingModel, rowAmplifyingModel } from "../lib/onnx/crafted";
import { apiAs, artifactsOf } from "./api";
import { PENGUIN } from "./penguin";

const enc = encodeURIComponent;

/** A model of the test's own with version 1 (one float input `x`), for the file under test. */
async function modelWithOneVersion(
  api: APIRequestContext,
  name: string,
): Promise<string> {
  expect((await api.post("/api/v1/models", { data: { name } })).status()).toBe(
    201,
  );
  const signature = {
    inputs: [{ name: "x", type: "float32", shape: [-1] }],
    outputs: [],
  };
  expect(
    (
      await api.post(`/api/v1/models/${enc(name)}/versions`, {
        data: { signature },
      })
    ).status(),
  ).toBe(201);
  return name;
}

test("an ONNX model that reads the data folder through external data is refused at upload, naming the artifact", async ({
  baseURL,
}) => {
  const api = await apiAs("data_scientist", baseURL ?? "");
  const name = await modelWithOneVersion(api, `onnx-exfil-${Date.now()}`);
  // The server runs in this folder with its data in .e2e/data: the relative path is the one onnxruntime would really follow.
  for (const location of [
    "../../secret",
    path.resolve(".e2e/data/secret"),
    ".e2e/data/secret",
    ".e2e/data/stageline.db",
  ]) {
    const res = await api.put(
      `/api/v1/models/${enc(name)}/versions/1/artifacts/weights/model.onnx`,
      {
        data: Buffer.from(exfiltratingModel(location, 32)),
      },
    );
    expect(res.status(), location).toBe(400);
    const { error } = await res.json();
    expect(error.message).toContain("'weights/model.onnx'");
    expect(error.message).toContain("external data");
    expect(error.message).toContain(`location '${location}'`);
    expect(error.details.fields.path[0]).toContain("external data");
  }
  const garbage = await api.put(
    `/api/v1/models/${enc(name)}/versions/1/artifacts/model.onnx`,
    { data: Buffer.from("not a model at all") },
  );
  expect(garbage.status()).toBe(400);
  expect((await garbage.json()).error.message).toContain(
    "not a valid ONNX model",
  );
  expect(await artifactsOf(api, name, 1)).toEqual([]);
  await api.dispose();
});

test("a model that answers one row with a million values gets 422, three at once, and the server stays healthy", async ({
  baseURL,
}) => {
  const api = await apiAs("data_scientist", baseURL ?? "");
  const name = await modelWithOneVersion(api, `onnx-amplify-${Date.now()}`);
  // Nothing in the file says how much it asks for, so it passes the upload check; the run is what is held.
  const upload = await api.put(
    `/api/v1/models/${enc(name)}/versions/1/artifacts/model.onnx`,
    {
      data: Buffer.from(rowAmplifyingModel(1_000_000)),
    },
  );
  expect(upload.ok()).toBe(true);
  const attempts = await Promise.all(
    Array.from({ length: 3 }, () =>
      api.post(`/api/v1/serve/${enc(name)}/1/predict`, {
        data: { inputs: { x: [1] } },
      }),
    ),
  );
  for (const res of attempts) {
    expect(res.status()).toBe(422);
    const { error } = await res.json();
    expect(error.message).toContain(
      "1000000 values per row, over the limit of 4096",
    );
  }
  expect((await api.get("/api/health")).status()).toBe(200);
  const demo = await api.post("/api/v1/serve/penguins-sex/production/predict", {
    data: {
      instances: [PENGUIN],
    },
  });
  expect(demo.status()).toBe(200);
  expect((await demo.json()).predictions).toHaveLength(1);
  await api.dispose();
});
