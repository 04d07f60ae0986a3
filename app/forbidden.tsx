import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="max-w-md text-center">
        <p className="text-sm font-medium text-muted">403</p>
        <h1 className="mt-1 text-xl font-semibold">
          You don&apos;t have access to this page
        </h1>
        <p className="mt-2 text-sm text-muted">
          Your role does not include it. Ask an admin if you need it.
        </p>
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
