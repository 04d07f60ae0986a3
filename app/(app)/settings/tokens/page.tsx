import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/format";
import { listTokens, type TokenSummary } from "@/lib/tokens/tokens";
import { CreateTokenForm } from "./create-token-form";
import { RevokeButton } from "./revoke-button";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  const actor = await requirePagePermission("tokens.manage_own");
  const tokens = listTokens(actor);
  return (
    <>
      <PageHeader
        title="API tokens"
        description={
          <>
            Tokens let scripts and pipelines call the API as you, with your
            role: send{" "}
            <code className="font-mono">
              Authorization: Bearer &lt;token&gt;
            </code>
            . A read-only token can read and call predictions but change
            nothing, whatever your role.
          </>
        }
      />
      <Card className="mb-6">
        <h2 className="mb-3 text-sm font-semibold">New token</h2>
        <CreateTokenForm />
      </Card>
      {tokens.length === 0 ? (
        <EmptyState title="No tokens yet">
          Create one above to call the REST API from a script or a training
          pipeline.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-border bg-surface">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-border text-xs text-muted">
              <tr>
                <th className="px-3 py-2 font-medium">Name</th>
                <th className="px-3 py-2 font-medium">Token</th>
                <th className="px-3 py-2 font-medium">Scope</th>
                <th className="px-3 py-2 font-medium">Created</th>
                <th className="px-3 py-2 font-medium">Expires</th>
                <th className="px-3 py-2 font-medium">Last used</th>
                <th className="px-3 py-2 font-medium">Status</th>
                <th className="px-3 py-2" />
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id} className="border-b border-border last:border-0">
                  <td className="px-3 py-2 font-medium">{t.name}</td>
                  <td className="px-3 py-2 font-mono text-xs">{t.prefix}…</td>
                  <td className="px-3 py-2">
                    {t.scope === "read" ? "Read only" : "Read and write"}
                  </td>
                  <td className="px-3 py-2">{formatDateTime(t.createdAt)}</td>
                  <td className="px-3 py-2">
                    {t.expiresAt ? formatDateTime(t.expiresAt) : "Never"}
                  </td>
                  <td className="px-3 py-2">{formatDateTime(t.lastUsedAt)}</td>
                  <td className="px-3 py-2">
                    <TokenStatus token={t} />
                  </td>
                  <td className="px-3 py-2 text-right">
                    {t.status !== "active" ? null : (
                      <RevokeButton id={t.id} name={t.name} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function TokenStatus({ token }: { token: TokenSummary }) {
  if (token.status === "revoked") return <Badge tone="danger">Revoked</Badge>;
  if (token.status === "expired") return <Badge tone="warning">Expired</Badge>;
  return <Badge tone="success">Active</Badge>;
}
