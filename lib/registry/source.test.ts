import { describe, expect, it } from "vitest";
import * as versionsRoute from "@/app/api/v1/models/[name]/versions/route";
import { handleMlflow } from "@/lib/mlflow/router";
import { createModel } from "@/lib/registry/models";
import { makeUser } from "@/lib/testing/factories";
import { createToken } from "@/lib/tokens/tokens";
import { sourceProblem } from "./registry.validation";

// A version's source URI, as MLflow checks it: no path on the server's disk, no `..` however it is
// encoded. Each refused source is refused the same way on REST (400 naming `source`) and on the
// MLflow API (INVALID_PARAMETER_VALUE naming the field).

const ACCEPTED = [
  "runs:/0a1b2c/model",
  "models:/churn/3",
  "s3://bucket/churn/1",
  "gs://bucket/path/model",
  "https://store.example/models/churn.onnx?sig=abc",
  "http://127.0.0.1:5000/api/2.0/mlflow-artifacts/artifacts/0/run/model",
  "mlflow-artifacts:/0/abc/artifacts/model",
  "stageline://demo/churn",
  "dbfs:/databricks/mlflow/model",
  "wasbs://container@account.blob.core.windows.net/model",
  "s3://bucket/name%20with%20space/model",
];

const REFUSED: [string, RegExp][] = [
  ["/etc/passwd", /not a local path/],
  ["model", /not a local path/],
  ["./model", /segments/],
  ["models/churn", /not a local path/],
  ["C:\\models\\churn", /not a local path/],
  ["file:///data/stageline.db", /file: path/],
  ["file://localhost/etc/passwd", /file: path/],
  ["s3://bucket/../../etc", /'\.\.' or '\.' segments/],
  ["s3:/my_bucket/models/path/../../other/path", /'\.\.'/],
  [
    "http://host:5000/api/2.0/mlflow-artifacts/artifacts/../../../../",
    /'\.\.'/,
  ],
  ["mlflow-artifacts://host:port/..%2f..%2f..%2f", /encodings/],
  ["mlflow-artifacts://host/..%2F..%2Fsecret", /encodings/],
  ["http://host/artifacts%00", /encodings/],
  ["http://host/a%5c..%5csecret", /encodings/],
  ["http://host/%23/../../../etc/passwd", /encodings/],
  ["s3://bucket/%252e%252e/secret", /'\.\.'/],
  ["s3://bucket/%2e%2e/secret", /'\.\.'/],
  ["s3://bucket/a/./b", /'\.' segments/],
  ["s3://bucket/a\u0000b", /NUL/],
  ["runs:/abc/..\\..\\secret", /'\.\.'/],
  ["javascript:alert(1)", /may not use javascript:/],
  ["ftp://host/model", /may not use ftp:/],
  ["s3://bucket/100%", /malformed/],
];

describe("version source URIs", () => {
  it.each(ACCEPTED)("accepts %s", (source) =>
    expect(sourceProblem(source)).toBeNull(),
  );
  it.each(REFUSED)("refuses %j", (source, why) =>
    expect(sourceProblem(source)).toMatch(why),
  );

  it("are refused on REST with 400 naming source, and on the MLflow API with INVALID_PARAMETER_VALUE naming it, creating nothing", async () => {
    const ds = await makeUser("data_scientist");
    const { token } = createToken(ds, { name: "src" });
    createModel(ds, { name: "sourced" });
    for (const [source] of REFUSED) {
      const res = await versionsRoute.POST(
        new Request("http://127.0.0.1/api/v1/models/sourced/versions", {
          method: "POST",
          headers: { Authorization: `Bearer ${token}` },
          body: JSON.stringify({ source }),
        }),
        { params: Promise.resolve({ name: "sourced" }) },
      );
      expect(res.status, source).toBe(400);
      expect(
        Object.keys(
          (
            (await res.json()) as {
              error: { details: { fields: Record<string, string[]> } };
            }
          ).error.details.fields,
        ),
      ).toEqual(["source"]);

      const url = "http://127.0.0.1/api/2.0/mlflow/model-versions/create";
      const ml = await handleMlflow(
        new Request(url, {
          method: "POST",
          headers: {
            Authorization: `Bearer ${token}`,
            "Content-Type": "application/json",
          },
          body: JSON.stringify({ name: "sourced", source }),
        }),
        ["model-versions", "create"],
      );
      expect(ml.status, source).toBe(400);
      const body = (await ml.json()) as { error_code: string; message: string };
      expect(body.error_code).toBe("INVALID_PARAMETER_VALUE");
      expect(body.message).toMatch(/source: Source URI/);
    }
    const ok = await versionsRoute.POST(
      new Request("http://127.0.0.1/api/v1/models/sourced/versions", {
        method: "POST",
        headers: { Authorization: `Bearer ${token}` },
        body: JSON.stringify({ source: "runs:/abc/model" }),
      }),
      { params: Promise.resolve({ name: "sourced" }) },
    );
    expect(ok.status).toBe(201);
    expect(((await ok.json()) as { version: number }).version).toBe(1);
  });
});
