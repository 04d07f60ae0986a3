import Link from "next/link";
import type { ReactNode } from "react";

/** A whole-screen answer such as 403 or 404: the code, what it means, and the way back. */
export function StatusPage({
  code,
  title,
  children,
}: {
  code: number;
  title: ReactNode;
  children: ReactNode;
}) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="max-w-md text-center">
        <p className="text-sm font-medium text-muted">{code}</p>
        <h1 className="mt-1 text-xl font-semibold">{title}</h1>
        <p className="mt-2 text-sm text-muted">{children}</p>
        <Link
          href="/"
          className="mt-4 inline-block text-sm text-accent underline"
        >
          Back to the dashboard
        </Link>
      </div>
    </main>
  );
}
