import { NextResponse } from "next/server";
import { updateRule } from "@/lib/alerts/rules";
import { authed, readJson } from "@/lib/http/route";
import { parseRequestId } from "@/lib/lifecycle/ids";

export const PATCH = authed<{ id: string }>(async (req, actor, { id }) =>
  NextResponse.json(
    updateRule(actor, parseRequestId(id, "Alert rule"), await readJson(req)),
  ),
);
