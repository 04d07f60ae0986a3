import { handleMlflow } from "@/lib/mlflow/router";

// MLflow's UI calls the same API under /ajax-api; both prefixes answer alike.
type Ctx = { params: Promise<{ path: string[] }> };
const handle = async (request: Request, ctx: Ctx) => handleMlflow(request, (await ctx.params).path);

export const GET = handle;
export const POST = handle;
export const PATCH = handle;
export const DELETE = handle;
