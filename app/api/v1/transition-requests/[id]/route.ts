import { NextResponse } from "next/server";
import { authed } from "@/lib/http/route";
import { parseRequestId } from "@/lib/lifecycle/ids";
import { getRequest } from "@/lib/lifecycle/queries";

export const GET = authed<{ id: string }>(async (_req, actor, { id }) =>
  NextResponse.json(getRequest(actor, parseRequestId(id))),
);
