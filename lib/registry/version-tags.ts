// Setting and deleting a model version's tags.
import "server-only";
import { inVersionWrite } from "./model-write";
import { eq } from "drizzle-orm";
import { type Tx } from "@/db/client";
import { modelVersions } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertModelAccessByName } from "./model-permissions";
import { putTag, removeTag, type TagOwner } from "./tags";
import { now as clockNow } from "@/lib/clock";

export function setVersionTag(
  actor: Actor,
  modelName: string,
  version: string | number,
  key: unknown,
  value: unknown,
): void {
  withWritableVersion(actor, modelName, version, true, (tx, owner) =>
    putTag(tx, actor, owner, key, value),
  );
}

export function deleteVersionTag(
  actor: Actor,
  modelName: string,
  version: string | number,
  key: unknown,
): void {
  withWritableVersion(actor, modelName, version, false, (tx, owner) =>
    removeTag(tx, actor, owner, key),
  );
}

/** A tag change on a version its caller may write: one transaction; a set marks the version updated. */
function withWritableVersion(
  actor: Actor,
  modelName: string,
  version: string | number,
  touches: boolean,
  change: (tx: Tx, owner: TagOwner) => void,
): void {
  assertModelAccessByName(actor, "versions.write", modelName);
  inVersionWrite(
    actor,
    "versions.write",
    modelName,
    version,
    (tx, model, row, { actingAsAdmin }) => {
      const touch = (t: Tx) => {
        if (touches)
          t.update(modelVersions)
            .set({ updatedAt: clockNow() })
            .where(eq(modelVersions.id, row.id))
            .run();
      };
      change(tx, {
        kind: "version",
        id: row.id,
        label: `Version ${row.version} of '${model.name}'`,
        actingAsAdmin,
        touch,
      });
    },
  );
}
