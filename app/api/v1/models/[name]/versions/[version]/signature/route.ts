import { NextResponse } from "next/server";
import { DomainError } from "@/lib/errors";
import { parseJsonObject, readRequestBody } from "@/lib/http/body";
import { authed } from "@/lib/http/route";
import {
  getVersionSignature,
  MAX_BUNDLE_BYTES,
  uploadVersionSignature,
} from "@/lib/signing/signatures";

type P = { name: string; version: string };

/** The version's model.sig (Stageline's bundle; `?kind=uploaded` for the team's), for `model_signing verify key`. */
export const GET = authed<P>(async (req, actor, { name, version }) => {
  const kind = new URL(req.url).searchParams.get("kind") ?? "stageline";
  if (kind !== "stageline" && kind !== "uploaded")
    throw new DomainError("invalid", "kind must be 'stageline' or 'uploaded'", {
      fields: { kind: ["Unknown kind"] },
    });
  const bundle = getVersionSignature(actor, name, version, kind);
  return new Response(bundle, {
    headers: {
      "Content-Type": "application/json",
      "Content-Disposition": 'attachment; filename="model.sig"',
      "X-Content-Type-Options": "nosniff",
    },
  });
});

/** PUT a bundle signed in the team's CI (model_signing sign key): verified before it is stored. */
export const PUT = authed<P>(async (req, actor, { name, version }) => {
  // Cut off at the bundle limit while it streams, like every other body.
  const text = (await readRequestBody(req, MAX_BUNDLE_BYTES)).toString("utf8");
  parseJsonObject(text, MAX_BUNDLE_BYTES);
  return NextResponse.json(uploadVersionSignature(actor, name, version, text), {
    status: 201,
  });
});
