// Renaming and deleting the model, for those who may edit it; deleting only while no version is in
// staging or production.
import { ModelAdminActions } from "@/components/registry/model-admin-actions";
import { Card } from "@/components/ui/card";
import type { ModelDetail } from "@/lib/registry/dto";
import { deleteModelAction, renameModelAction } from "../../actions";

export function ManageCard({ model }: { model: ModelDetail }) {
  const deletable =
    model.staging_version === null && model.production_version === null;
  return (
    <Card>
      <h2 className="mb-2 text-sm font-semibold">Manage</h2>
      <ModelAdminActions
        name={model.name}
        deletable={deletable}
        rename={renameModelAction.bind(null, model.name)}
        remove={deleteModelAction.bind(null, model.name)}
      />
    </Card>
  );
}
