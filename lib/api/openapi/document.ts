// The OpenAPI 3.1 document of the REST API (GET /api/v1/openapi.json, and the API reference
// page), declared path by path in one module per domain, from the same zod schemas the services
// validate with.
import { APP_VERSION } from "@/lib/config";
import { adminPaths } from "./admin";
import { componentSchemas, securitySchemes } from "./components";
import { filePaths } from "./files";
import type { Json } from "./helpers";
import { lifecyclePaths } from "./lifecycle";
import { registryPaths } from "./registry";
import { servingPaths } from "./serving";

export function openApiDocument(): Json {
  return {
    openapi: "3.1.0",
    info: {
      title: "Stageline REST API",
      version: APP_VERSION,
      description:
        "Model registry and lifecycle. Authenticate with `Authorization: Bearer <token>` or the session cookie.",
    },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }, { session: [] }],
    components: {
      securitySchemes: securitySchemes(),
      schemas: componentSchemas(),
    },
    paths: {
      ...registryPaths(),
      ...filePaths(),
      ...lifecyclePaths(),
      ...servingPaths(),
      ...adminPaths(),
    },
  };
}
