// The pieces of an audit event as people read it, shared by the audit page and the dashboard's
// recent activity so one event reads the same in both: its subject by name (linked to its page
// where it has one) and its sentence from lib/audit/describe.ts.
import Link from "next/link";
import type { AuditLine } from "@/lib/audit/audit-queries";
import { formatDateTime } from "@/lib/format";

export function SubjectLink({ subject }: { subject: AuditLine["subject"] }) {
  if (!subject.href)
    return (
      <span className={subject.deleted ? "text-muted" : undefined}>
        {subject.label}
      </span>
    );
  return (
    <Link
      href={subject.href}
      className="text-accent underline-offset-2 hover:underline"
    >
      {subject.label}
    </Link>
  );
}

/** "2026-03-03 10:12 UTC · ada@… moved v3 from staging to production · churn v3" on one line. */
export function ActivityLine({ line }: { line: AuditLine }) {
  return (
    <>
      <span className="text-xs text-muted">{formatDateTime(line.at)}</span>{" "}
      <span className="font-medium">{line.actorLabel}</span>{" "}
      <span data-testid="audit-sentence">{line.sentence}</span>
      <span aria-hidden="true" className="text-muted">
        {" "}
        ·{" "}
      </span>
      <SubjectLink subject={line.subject} />
    </>
  );
}
