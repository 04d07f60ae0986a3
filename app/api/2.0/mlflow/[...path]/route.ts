import { handleMlflow } from "@/lib/mlflow/router";

// The model-registry subset of the MLflow 2.0 REST API (see lib/mlflow).
type Ctx = { params: Promise<{ path: string[] }> };
const handle = async (request: Request, ctx: Ctx) => handleMlflow(request, (await ctx.params).path);

export const GET = handle;
export const POST = handle;
export const PATCH = handle;
export const DELETE = handle;
