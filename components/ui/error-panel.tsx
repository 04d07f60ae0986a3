"use client";
import Link from "next/link";
import { Button } from "@/components/ui/button";

/** What a section's error boundary shows: what failed, the server's reference, a retry, and a way out. */
export function ErrorPanel({
  title,
  error,
  reset,
  back,
}: {
  title: string;
  error: Error & { digest?: string };
  reset: () => void;
  back?: { href: string; label: string };
}) {
  return (
    <div
      role="alert"
      className="rounded-lg border border-danger/30 bg-surface p-6"
    >
      <h1 className="font-semibold">{title}</h1>
      <p className="mt-1 text-sm text-muted">
        Something went wrong on the server
        {error.digest ? ` (reference ${error.digest})` : ""}. Try again; if it
        keeps happening, tell an admin.
      </p>
      <div className="mt-4 flex items-center gap-3">
        <Button onClick={reset}>Try again</Button>
        {back ? (
          <Link
            href={back.href}
            className="text-sm text-accent hover:underline"
          >
            {back.label}
          </Link>
        ) : null}
      </div>
    </div>
  );
}

/** What Next hands a section's error.tsx. */
export type ErrorBoundaryProps = {
  error: Error & { digest?: string };
  reset: () => void;
};

/** A section's error.tsx in one line: `export default sectionError(title, back)`. */
export function sectionError(
  title: string,
  back?: { href: string; label: string },
) {
  return function SectionError({ error, reset }: ErrorBoundaryProps) {
    return <ErrorPanel title={title} error={error} reset={reset} back={back} />;
  };
}
