import type { Metadata } from "next";
import { SubjectLink } from "@/components/retirement/retirement-details";
import { PageHeader } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/session";
import { formatBytes } from "@/lib/blobs/format-bytes";
import { artifactRetentionDays } from "@/lib/config";
import { storageReport } from "@/lib/retirement/storage";
import { formatDate } from "@/lib/format";

export const metadata: Metadata = { title: "Storage" };

/** The garbage-collection dry run: what each retired model or version's release will free. */
export default async function StoragePage() {
  const actor = await requirePagePermission("settings.read");
  const report = storageReport(actor);
  return (
    <>
      <PageHeader
        title="Storage"
        description={`Artifact files of retired models and versions are released ${artifactRetentionDays()} days after retirement by default (STAGELINE_ARTIFACT_RETENTION_DAYS), unless another version still uses the same file. Metadata, evaluations and the audit trail stay. This page is a dry run: nothing is deleted from here.`}
      />
      <dl className="mb-6 grid max-w-xl grid-cols-2 gap-3 text-sm">
        <div className="rounded-lg border border-border bg-surface p-3">
          <dt className="text-xs text-muted">Due for release now</dt>
          <dd
            className="text-lg font-semibold tabular-nums"
            data-testid="bytes-due"
          >
            {formatBytes(report.bytes_due_now)}
          </dd>
        </div>
        <div className="rounded-lg border border-border bg-surface p-3">
          <dt className="text-xs text-muted">Scheduled for release</dt>
          <dd
            className="text-lg font-semibold tabular-nums"
            data-testid="bytes-scheduled"
          >
            {formatBytes(report.bytes_scheduled)}
          </dd>
        </div>
      </dl>
      <h2 className="mb-2 text-sm font-semibold">Waiting for release</h2>
      {report.pending.length === 0 ? (
        <p className="mb-6 text-sm text-muted">
          No retired model or version is waiting for its files to be released.
        </p>
      ) : (
        <div className="mb-6 overflow-x-auto rounded-lg border border-border bg-surface">
          <table
            className="data-table text-sm"
            aria-label="Waiting for release"
          >
            <thead>
              <tr>
                <th>Retired</th>
                <th>Release after</th>
                <th className="num">Files to free</th>
                <th className="num">Bytes to free</th>
                <th className="num">Shared files kept</th>
              </tr>
            </thead>
            <tbody>
              {report.pending.map((p) => (
                <tr key={p.retirement_id}>
                  <td>
                    <SubjectLink r={p} />
                  </td>
                  <td className="tabular-nums">
                    {formatDate(p.release_after)}{" "}
                    {p.due ? (
                      <span className="text-xs text-warning">(due)</span>
                    ) : null}
                  </td>
                  <td className="num">{p.blobs}</td>
                  <td className="num">{formatBytes(p.bytes)}</td>
                  <td className="num">{p.shared_kept}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2 className="mb-2 text-sm font-semibold">Released</h2>
      {report.released.length === 0 ? (
        <p className="text-sm text-muted">Nothing has been released yet.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-border bg-surface">
          <table className="data-table text-sm" aria-label="Released">
            <thead>
              <tr>
                <th>Retired</th>
                <th>Released on</th>
                <th className="num">Bytes freed</th>
              </tr>
            </thead>
            <tbody>
              {report.released.map((p) => (
                <tr key={p.retirement_id}>
                  <td>
                    <SubjectLink r={p} />
                  </td>
                  <td className="tabular-nums">{formatDate(p.released_at)}</td>
                  <td className="num" data-testid="bytes-freed">
                    {formatBytes(p.bytes_freed)}
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
