import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/card";
import { openApiDocument } from "@/lib/api/openapi/document";
import { requireActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "API reference" };

type Op = {
  summary?: string;
  parameters?: { name: string; in: string; description?: string }[];
  requestBody?: unknown;
  responses?: Record<string, { description?: string }>;
};
const METHODS = ["get", "post", "put", "patch", "delete"] as const;
const TONE = {
  get: "accent",
  post: "success",
  put: "warning",
  patch: "warning",
  delete: "danger",
} as const;

/** The OpenAPI document rendered as a readable reference (the raw JSON is at /api/v1/openapi.json). */
export default async function ApiDocsPage() {
  await requireActor();
  const doc = openApiDocument() as {
    paths: Record<string, Record<string, Op | unknown>>;
    components: { schemas: Record<string, unknown> };
  };
  return (
    <>
      <PageHeader
        title="API reference"
        description={
          <>
            REST API under <code className="font-mono">/api/v1</code>. Send{" "}
            <code className="font-mono">
              Authorization: Bearer &lt;token&gt;
            </code>
            . Machine-readable:{" "}
            <a href="/api/v1/openapi.json" className="text-accent underline">
              openapi.json
            </a>{" "}
            (OpenAPI 3.1).
          </>
        }
      />
      <div className="space-y-3">
        {Object.entries(doc.paths).map(([path, item]) =>
          METHODS.filter((m) => m in item).map((m) => {
            const op = item[m] as Op;
            const params = [
              ...((item as { parameters?: Op["parameters"] }).parameters ?? []),
              ...(op.parameters ?? []),
            ];
            return (
              <details
                key={`${m} ${path}`}
                className="rounded-lg border border-border bg-surface"
              >
                <summary className="flex cursor-pointer flex-wrap items-center gap-2 px-3 py-2 text-sm">
                  <Badge tone={TONE[m]}>{m.toUpperCase()}</Badge>
                  <code className="font-mono break-all">{path}</code>
                  <span className="text-muted">{op.summary}</span>
                </summary>
                <div className="space-y-2 border-t border-border px-3 py-2 text-sm">
                  {params.length ? (
                    <ul className="list-disc pl-5">
                      {params.map((p) => (
                        <li key={`${p.in}-${p.name}`}>
                          <code className="font-mono">{p.name}</code>{" "}
                          <span className="text-muted">({p.in})</span>{" "}
                          {p.description ?? ""}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                  {op.requestBody ? (
                    <Schema
                      label="Request body"
                      value={op.requestBody}
                      schemas={doc.components.schemas}
                    />
                  ) : null}
                  <ul className="text-xs text-muted">
                    {Object.entries(op.responses ?? {}).map(([code, r]) => (
                      <li key={code}>
                        <span className="font-mono">{code}</span>{" "}
                        {r.description}
                      </li>
                    ))}
                  </ul>
                </div>
              </details>
            );
          }),
        )}
      </div>
    </>
  );
}

function Schema({
  label,
  value,
  schemas,
}: {
  label: string;
  value: unknown;
  schemas: Record<string, unknown>;
}) {
  const refName = /"#\/components\/schemas\/(\w+)"/.exec(
    JSON.stringify(value),
  )?.[1];
  const shown = refName ? schemas[refName] : value;
  return (
    <div>
      <p className="text-xs font-medium">
        {label}
        {refName ? ` (${refName})` : ""}
      </p>
      <pre className="mt-1 max-h-72 overflow-auto rounded bg-background p-2 font-mono text-xs">
        {JSON.stringify(shown, null, 2)}
      </pre>
    </div>
  );
}
