import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";

describe("OpenAPI document", () => {
  it("describes the registry routes with schemas derived from the validators", () => {
    const doc = openApiDocument() as { openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, { properties?: Record<string, { maxLength?: number }> }> } };
    expect(doc.openapi).toBe("3.1.0");
    for (const p of ["/api/v1/models", "/api/v1/models/{name}", "/api/v1/models/{name}/versions/{version}/artifacts/{path}", "/api/v1/models/{name}/aliases/{alias}"]) expect(doc.paths).toHaveProperty([p]);
    // The 256-character limit on names comes from the zod schema, not from a second copy.
    expect(doc.components.schemas.CreateModel?.properties?.name?.maxLength).toBe(256);
    expect(Object.keys(doc.components.schemas.ModelVersion?.properties ?? {})).toContain("lineage");
    expect(JSON.stringify(doc)).not.toContain('"$schema"');
  });
});
