import path from "node:path";
import { expect, test } from "@playwright/test";
import { exfiltratingModel, rowAmplifyingModel } from "../lib/onnx/crafted";
import { apiAs } from "./api";

const enc = encodeURIComponent;

test("an ONNX model that reads the data folder through external data is refused at upload, naming the artifact", async ({
  baseURL,
}) => {
  const api = await apiAs("data_scientist", baseURL ?? "");
  const name = `onnx-exfil-${Date.now()}`;
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
  expect(
    (
      await (
        await api.get(`/api/v1/models/${enc(name)}/versions/1/artifacts`)
      ).json()
    ).artifacts,
  ).toEqual([]);
  await api.dispose();
});

test("a model that answers one row with a million values gets 422, three at once, and the server stays healthy", async ({
  baseURL,
}) => {
  const api = await apiAs("data_scientist", baseURL ?? "");
  const name = `onnx-amplify-${Date.now()}`;
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
      instances: [
        {
          beak_length_mm: 39.1,
          beak_depth_mm: 18.7,
          flipper_length_mm: 181,
          body_mass_g: 3750,
          is_gentoo: 0,
          is_chinstrap: 0,
        },
      ],
    },
  });
  expect(demo.status()).toBe(200);
  expect((await demo.json()).predictions).toHaveLength(1);
  await api.dispose();
});
