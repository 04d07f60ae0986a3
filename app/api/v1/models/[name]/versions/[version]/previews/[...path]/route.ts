import { NextResponse } from "next/server";
import { authed } from "@/lib/http/route";
import { previewArtifact, previewImage } from "@/lib/registry/artifact-preview";

type P = { name: string; version: string; path: string[] };

/**
 * GET a preview of one file of the version as JSON (text, pretty JSON, the first CSV rows, or
 * why there is none). With ?as=image, an image file's bytes for an <img>: PNG, JPEG, GIF or WebP
 * as its bytes prove, with a type fixed by the server, no sniffing, for this origin only; like every
 * /api answer it carries the policy that lets it run nothing (API_HEADERS, next.config.ts), so an
 * image can only ever be shown as an image.
 */
export const GET = authed<P>(async (req, actor, { name, version, path }) => {
  const file = path.join("/");
  if (new URL(req.url).searchParams.get("as") !== "image")
    return NextResponse.json(await previewArtifact(actor, name, version, file));
  const { artifact, bytes, mediaType } = await previewImage(
    actor,
    name,
    version,
    file,
  );
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": mediaType,
      "Content-Length": String(bytes.length),
      ETag: `"${artifact.sha256}"`,
      "Content-Disposition": "inline",
      "X-Content-Type-Options": "nosniff",
      "Cross-Origin-Resource-Policy": "same-origin",
    },
  });
});
