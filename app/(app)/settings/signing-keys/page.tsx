import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/format";
import { stagelinePublicKey } from "@/lib/signing/signatures";
import { listSigningKeys } from "@/lib/signing/trusted-keys";
import { AddSigningKeyForm, RevokeSigningKeyButton } from "./signing-key-forms";

export const metadata: Metadata = { title: "Signing keys" };

export default async function SigningKeysPage() {
  const actor = await requirePagePermission("signing_keys.manage");
  const keys = listSigningKeys(actor);
  const own = stagelinePublicKey(actor);
  return (
    <>
      <PageHeader
        title="Signing keys"
        description={
          <>
            Stageline signs every version in the OpenSSF model signing format.
            Keys listed here are trusted for signatures made in your team&apos;s
            CI (<code className="font-mono">model_signing sign key</code>),
            uploaded with{" "}
            <code className="font-mono">
              PUT …/versions/&#123;v&#125;/signature
            </code>
            ; the policy gate{" "}
            <code className="font-mono">signed by trusted key</code> requires
            one.
          </>
        }
      />
      <Card className="mb-6">
        <h2 className="mb-1 text-sm font-semibold">Stageline&apos;s own key</h2>
        <p className="mb-2 text-xs text-muted">
          Fingerprint{" "}
          <code className="font-mono break-all">{own.fingerprint}</code>. Verify
          a downloaded version with{" "}
          <code className="font-mono">
            model_signing verify key --signature model.sig --public_key key.pub
            &lt;dir&gt;
          </code>
          .
        </p>
        <pre
          data-testid="stageline-public-key"
          className="overflow-x-auto rounded-md bg-background p-2 font-mono text-xs"
        >
          {own.pem}
        </pre>
      </Card>
      <Card className="mb-6">
        <h2 className="mb-3 text-sm font-semibold">Trust a key</h2>
        <AddSigningKeyForm />
      </Card>
      {keys.length === 0 ? (
        <EmptyState title="No trusted keys yet">
          Add the public key your CI signs models with.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-border bg-surface">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Trusted signing keys</caption>
            <thead className="border-b border-border text-xs text-muted">
              <tr>
                <th className="px-3 py-2 font-medium">Name</th>
                <th className="px-3 py-2 font-medium">Fingerprint (SHA-256)</th>
                <th className="px-3 py-2 font-medium">Added</th>
                <th className="px-3 py-2 font-medium">Status</th>
                <th className="px-3 py-2" />
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k.id} className="border-b border-border last:border-0">
                  <td className="px-3 py-2 font-medium">{k.name}</td>
                  <td className="px-3 py-2 font-mono text-xs break-all">
                    {k.fingerprint}
                  </td>
                  <td className="px-3 py-2">{formatDateTime(k.created_at)}</td>
                  <td className="px-3 py-2">
                    {k.revoked_at === null ? (
                      <Badge tone="success">trusted</Badge>
                    ) : (
                      <Badge tone="danger">
                        revoked {formatDateTime(k.revoked_at)}
                      </Badge>
                    )}
                  </td>
                  <td className="px-3 py-2 text-right">
                    {k.revoked_at === null ? (
                      <RevokeSigningKeyButton id={k.id} name={k.name} />
                    ) : null}
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
