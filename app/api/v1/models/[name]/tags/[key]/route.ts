import { NextResponse } from "next/server";
import { authed, readJson } from "@/lib/http/route";
import { deleteModelTag, setModelTag } from "@/lib/registry/models";
import { getModelDetail } from "@/lib/registry/queries";

type P = { name: string; key: string };

/** PUT {value} */
export const PUT = authed<P>(async (req, actor, { name, key }) => {
  const body = (await readJson(req)) as { value?: unknown } | null;
  setModelTag(actor, name, key, body?.value);
  return NextResponse.json(getModelDetail(actor, name).tags);
});

export const DELETE = authed<P>(async (_req, actor, { name, key }) => {
  deleteModelTag(actor, name, key);
  return NextResponse.json(getModelDetail(actor, name).tags);
});
