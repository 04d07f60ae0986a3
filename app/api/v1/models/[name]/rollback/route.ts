import { NextResponse } from "next/server";
import { authed, readJson } from "@/lib/http/route";
import { getRequest } from "@/lib/lifecycle/queries";
import { requestRollback } from "@/lib/lifecycle/requests";

/** POST {comment?}: opens a production request for the previous production version. */
export const POST = authed<{ name: string }>(async (req, actor, { name }) => {
  const body = (await readJson(req)) as { comment?: unknown };
  const row = requestRollback(
    actor,
    name,
    typeof body.comment === "string" ? body.comment : undefined,
  );
  return NextResponse.json(getRequest(actor, row.id), { status: 201 });
});
