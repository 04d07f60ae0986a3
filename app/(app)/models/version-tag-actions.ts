"use server";
// A version's tags from its page, through the same service as the API's tag routes
// (lib/registry/version-tags.ts): role, model access and key/value rules live there.
import { runChange, type ActionResult } from "@/lib/http/action";
import { versionHref } from "@/lib/registry/paths";
import { deleteVersionTag, setVersionTag } from "@/lib/registry/version-tags";

export async function setVersionTagAction(
  name: string,
  version: number,
  key: string,
  value: string,
): Promise<ActionResult<null>> {
  return runChange(versionHref(name, version), (actor) =>
    setVersionTag(actor, name, version, key, value),
  );
}

export async function deleteVersionTagAction(
  name: string,
  version: number,
  key: string,
): Promise<ActionResult<null>> {
  return runChange(versionHref(name, version), (actor) =>
    deleteVersionTag(actor, name, version, key),
  );
}
