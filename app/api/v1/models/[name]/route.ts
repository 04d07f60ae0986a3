import { NextResponse } from "next/server";
import { authed, readJson } from "@/lib/http/route";
import { deleteModel, editModel } from "@/lib/registry/models";
import { getModelDetail } from "@/lib/registry/queries";

type P = { name: string };

export const GET = authed<P>(async (_req, actor, { name }) =>
  NextResponse.json(getModelDetail(actor, name)),
);

/** PATCH {description?, task?, use_case?, key_metric?, name? (rename)} */
export const PATCH = authed<P>(async (req, actor, { name }) => {
  // One service call: a rename and a bad field in one body change nothing (400), not half.
  const model = editModel(
    actor,
    name,
    (await readJson(req)) as Record<string, unknown>,
  );
  return NextResponse.json(getModelDetail(actor, model.name));
});

export const DELETE = authed<P>(async (_req, actor, { name }) => {
  deleteModel(actor, name);
  return NextResponse.json({ deleted: name });
});
