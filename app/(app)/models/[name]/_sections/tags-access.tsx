// The model's tags and who may do what with it, each editable by those who may edit the model.
import { AccessEditor } from "@/components/registry/access-editor";
import { TagEditor } from "@/components/registry/tag-editor";
import { Card } from "@/components/ui/card";
import type { Actor } from "@/lib/auth/actor";
import type { ModelDetail } from "@/lib/registry/dto";
import { listModelGrants } from "@/lib/registry/model-permissions";
import {
  deleteModelTagAction,
  grantPermissionAction,
  revokePermissionAction,
  setModelTagAction,
} from "../../actions";

export function TagsCard({
  model,
  canEdit,
}: {
  model: ModelDetail;
  canEdit: boolean;
}) {
  return (
    <Card>
      <h2 className="mb-2 text-sm font-semibold">Tags</h2>
      <TagEditor
        tags={model.tags}
        canEdit={canEdit}
        onSet={setModelTagAction.bind(null, model.name)}
        onDelete={deleteModelTagAction.bind(null, model.name)}
      />
    </Card>
  );
}

export function AccessCard({
  actor,
  model,
  canManage,
}: {
  actor: Actor;
  model: ModelDetail;
  canManage: boolean;
}) {
  const grants = listModelGrants(actor, model.name);
  return (
    <Card>
      <h2 className="mb-2 text-sm font-semibold">Access</h2>
      <AccessEditor
        owner={model.owner?.name ?? null}
        grants={grants}
        canManage={canManage}
        onGrant={grantPermissionAction.bind(null, model.name)}
        onRevoke={revokePermissionAction.bind(null, model.name)}
      />
    </Card>
  );
}
