// The version's recorded facts: lineage, parameters, input/output signature and tags.
import type { ReactNode } from "react";
import { KeyValueTable } from "@/components/registry/key-value-table";
import { Card } from "@/components/ui/card";
import type { VersionDto } from "@/lib/registry/dto";

export function DetailCards({ v }: { v: VersionDto }) {
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
      <Card>
        <h2 className="mb-2 text-sm font-semibold">Lineage</h2>
        <KeyValueTable
          caption="Lineage"
          empty="No lineage recorded."
          rows={lineage}
        />
      </Card>
      <Card>
        <h2 className="mb-2 text-sm font-semibold">Parameters</h2>
        <KeyValueTable
          caption="Parameters"
          empty="No parameters logged."
          rows={Object.entries(v.params)}
        />
      </Card>
      <Card>
        <h2 className="mb-2 text-sm font-semibold">Signature</h2>
        {v.signature ? (
          <KeyValueTable
            caption="Signature"
            empty=""
            rows={[
              ...v.signature.inputs.map((i): [string, ReactNode] => [
                `in: ${i.name}`,
                `${i.type}${i.shape ? ` [${i.shape.map((d) => d ?? "?").join(", ")}]` : ""}`,
              ]),
              ...v.signature.outputs.map((o): [string, ReactNode] => [
                `out: ${o.name}`,
                `${o.type}${o.shape ? ` [${o.shape.map((d) => d ?? "?").join(", ")}]` : ""}`,
              ]),
            ]}
          />
        ) : (
          <p className="text-sm text-muted">No input/output signature.</p>
        )}
      </Card>
      <Card>
        <h2 className="mb-2 text-sm font-semibold">Tags</h2>
        <KeyValueTable
          caption="Tags"
          empty="No tags."
          rows={Object.entries(v.tags)}
        />
      </Card>
    </>
  );
}
