import { NextResponse } from "next/server";
import { authed, readJson } from "@/lib/http/route";
import { deleteModel, renameModel, updateModel } from "@/lib/registry/models";
import { getModelDetail } from "@/lib/registry/queries";

type P = { name: string };

export const GET = authed<P>(async (_req, actor, { name }) => NextResponse.json(getModelDetail(actor, name)));

/** PATCH {description?, task?, use_case?, key_metric?, name? (rename)} */
export const PATCH = authed<P>(async (req, actor, { name }) => {
  const body = (await readJson(req)) as Record<string, unknown>;
  const { name: newName, ...rest } = body && typeof body === "object" ? body : {};
  let current = name;
  if (newName !== undefined) current = renameModel(actor, name, newName).name;
  // Always through the service, so an empty PATCH is still authorized (and changes nothing).
  updateModel(actor, current, rest);
  return NextResponse.json(getModelDetail(actor, current));
});

export const DELETE = authed<P>(async (_req, actor, { name }) => {
  deleteModel(actor, name);
  return NextResponse.json({ deleted: name });
});
