// A model's or version's description: the rendered markdown, and for editors the editor of it.
import type { ActionResult } from "@/lib/http/action";
import { Markdown } from "@/components/markdown";
import { EditableDescription } from "@/components/registry/editable-description";
import { Card } from "@/components/ui/card";

export function DescriptionCard({
  source,
  canEdit,
  save,
}: {
  source: string;
  canEdit: boolean;
  save: (text: string) => Promise<ActionResult<null>>;
}) {
  return (
    <Card>
      <h2 className="mb-2 text-sm font-semibold">Description</h2>
      <EditableDescription source={source} canEdit={canEdit} save={save}>
        <Markdown text={source} />
      </EditableDescription>
    </Card>
  );
}
