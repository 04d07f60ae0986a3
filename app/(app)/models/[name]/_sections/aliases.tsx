// The model's aliases: set or move them directly, or (for protected ones) request the move.
import { AliasEditor } from "@/components/registry/alias-editor";
import { Card } from "@/components/ui/card";
import type { Actor } from "@/lib/auth/actor";
import { protectedAliasesFor } from "@/lib/lifecycle/policies";
import { openAliasRequests } from "@/lib/lifecycle/queries";
import type { ModelDetail } from "@/lib/registry/dto";
import type { VersionRowSummary } from "@/lib/registry/queries";
import { deleteAliasAction, setAliasAction } from "../../actions";
import { requestAliasAction } from "../../lifecycle-actions";

export function AliasesCard({
  actor,
  model,
  versions,
  canEdit,
}: {
  actor: Actor;
  model: ModelDetail;
  versions: VersionRowSummary[];
  canEdit: boolean;
}) {
  // The production version first, whether or not it is on this page of versions: it is what an
  // alias like champion should usually follow. Then the page's other versions, newest first.
  const aliasChoices = [
    ...(model.production_version !== null
      ? [{ version: model.production_version, stage: "production" }]
      : []),
    ...versions
      .filter(
        (v) => v.stage !== "retired" && v.version !== model.production_version,
      )
      .map((v) => ({ version: v.version, stage: v.stage })),
  ];
  return (
    <Card>
      <h2 className="mb-2 text-sm font-semibold">Aliases</h2>
      <AliasEditor
        aliases={model.aliases}
        versions={aliasChoices}
        protectedAliases={protectedAliasesFor(actor, model.name)}
        pending={openAliasRequests(actor, model.name)}
        canEdit={canEdit}
        onSet={setAliasAction.bind(null, model.name)}
        onDelete={deleteAliasAction.bind(null, model.name)}
        onRequest={requestAliasAction.bind(null, model.name)}
      />
    </Card>
  );
}
