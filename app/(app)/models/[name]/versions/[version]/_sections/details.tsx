// The version's recorded facts: lineage, parameters, input/output signature and tags (editable by
// those who may write the version).
import type { ReactNode } from "react";
import { KeyValueTable } from "@/components/registry/key-value-table";
import { TagEditor } from "@/components/registry/tag-editor";
import { Card } from "@/components/ui/card";
import type { VersionDto } from "@/lib/registry/dto";
import type { Signature } from "@/lib/registry/registry.validation";
import {
  deleteVersionTagAction,
  setVersionTagAction,
} from "../../../../version-tag-actions";

export function DetailCards({
  name,
  v,
  canEditTags,
}: {
  name: string;
  v: VersionDto;
  canEditTags: boolean;
}) {
  const lineageRows: [string, ReactNode][] = [
    ["git repository", v.lineage.git_repo],
    [
      "git commit",
      v.lineage.git_commit ? (
        <code className="font-mono text-xs">{v.lineage.git_commit}</code>
      ) : null,
    ],
    [
      "working tree",
      v.lineage.git_dirty === null
        ? null
        : v.lineage.git_dirty
          ? "dirty (uncommitted changes)"
          : "clean",
    ],
    ["dataset", v.lineage.dataset_name],
    [
      "dataset version",
      v.lineage.dataset_version ? (
        <code className="font-mono text-xs">{v.lineage.dataset_version}</code>
      ) : null,
    ],
    ["source", v.source],
    ["run id", v.run_id],
    ["run link", v.run_link],
    ["framework", v.framework],
    ["flavour", v.flavor],
  ];
  const lineage = lineageRows.filter(
    (r) => r[1] !== null && r[1] !== undefined,
  );
  return (
    <>
      <TableCard title="Lineage" empty="No lineage recorded." rows={lineage} />
      <TableCard
        title="Parameters"
        empty="No parameters logged."
        rows={Object.entries(v.params)}
      />
      <Card>
        <h2 className="mb-2 text-sm font-semibold">Signature</h2>
        {v.signature ? (
          <KeyValueTable
            caption="Signature"
            empty=""
            rows={[
              ...v.signature.inputs.map((i) => tensorRow("in", i)),
              ...v.signature.outputs.map((o) => tensorRow("out", o)),
            ]}
          />
        ) : (
          <p className="text-sm text-muted">No input/output signature.</p>
        )}
      </Card>
      <Card>
        <h2 className="mb-2 text-sm font-semibold">Tags</h2>
        <TagEditor
          tags={v.tags}
          canEdit={canEditTags}
          onSet={setVersionTagAction.bind(null, name, v.version)}
          onDelete={deleteVersionTagAction.bind(null, name, v.version)}
          idPrefix="version-tag"
        />
      </Card>
    </>
  );
}

/** A card of name/value rows whose heading also names its table. */
function TableCard({
  title,
  empty,
  rows,
}: {
  title: string;
  empty: string;
  rows: [string, ReactNode][];
}) {
  return (
    <Card>
      <h2 className="mb-2 text-sm font-semibold">{title}</h2>
      <KeyValueTable caption={title} empty={empty} rows={rows} />
    </Card>
  );
}

/** One input or output of the signature: its name, and its type with the shape when known. */
function tensorRow(
  side: "in" | "out",
  t: Signature["inputs"][number],
): [string, ReactNode] {
  return [
    `${side}: ${t.name}`,
    `${t.type}${t.shape ? ` [${t.shape.map((d) => d ?? "?").join(", ")}]` : ""}`,
  ];
}
