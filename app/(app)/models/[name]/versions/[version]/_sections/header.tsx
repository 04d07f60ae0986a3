// The version page's heading: where it sits, its stage and aliases, who registered it, and what it
// serves (model file and content digest, frozen once review starts).
import Link from "next/link";
import { StageBadge } from "@/components/registry/stage-badge";
import { formatDateTime } from "@/lib/format";
import { modelHref } from "@/lib/registry/paths";
import type { VersionDto } from "@/lib/registry/dto";

export function VersionHeader({ name, v }: { name: string; v: VersionDto }) {
  return (
    <header className="mb-6">
      <p className="text-xs text-muted">
        <Link href="/models" className="hover:underline">
          Models
        </Link>{" "}
        /{" "}
        <Link href={modelHref(name)} className="hover:underline">
          {name}
        </Link>{" "}
        /
      </p>
      <h1 className="flex flex-wrap items-center gap-2 text-xl font-semibold tracking-tight">
        <span className="break-all">{name}</span>{" "}
        <span className="text-muted">v{v.version}</span>{" "}
        <StageBadge stage={v.stage} />
        {v.aliases.map((a) => (
          <span
            key={a}
            className="rounded bg-accent/10 px-1.5 py-0.5 font-mono text-xs text-accent"
          >
            @{a}
          </span>
        ))}
        {v.release_label ? (
          <span className="text-sm font-normal text-muted">
            {v.release_label}
          </span>
        ) : null}
      </h1>
      <p className="mt-1 text-sm text-muted">
        Registered by {v.created_by?.name ?? "—"} on{" "}
        {formatDateTime(v.created_at)} · status {v.status}
        {v.status_message ? ` (${v.status_message})` : ""}
      </p>
      <p className="mt-1 text-xs text-muted" data-testid="content-digest">
        {v.content_locked
          ? "Content frozen since review"
          : "Content open until a transition is requested"}{" "}
        · serves{" "}
        {v.model_file ? (
          <code className="font-mono">{v.model_file}</code>
        ) : (
          "no model file yet"
        )}{" "}
        · content digest{" "}
        <code
          className="font-mono break-all"
          title={v.content_digest ?? undefined}
        >
          {v.content_digest ? `sha256:${v.content_digest.slice(0, 16)}…` : "—"}
        </code>
      </p>
    </header>
  );
}
