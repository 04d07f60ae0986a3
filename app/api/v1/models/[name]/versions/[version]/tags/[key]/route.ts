import { NextResponse } from "next/server";
import { authed, readJson } from "@/lib/http/route";
import { getVersion } from "@/lib/registry/queries";
import { deleteVersionTag, setVersionTag } from "@/lib/registry/version-tags";

type P = { name: string; version: string; key: string };

export const PUT = authed<P>(async (req, actor, { name, version, key }) => {
  const body = (await readJson(req)) as { value?: unknown } | null;
  setVersionTag(actor, name, version, key, body?.value);
  return NextResponse.json(getVersion(actor, name, version).tags);
});

export const DELETE = authed<P>(async (_req, actor, { name, version, key }) => {
  deleteVersionTag(actor, name, version, key);
  return NextResponse.json(getVersion(actor, name, version).tags);
});
