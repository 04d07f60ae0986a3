import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="max-w-md text-center">
        <p className="text-sm font-medium text-muted">404</p>
        <h1 className="mt-1 text-xl font-semibold">Not found</h1>
        <p className="mt-2 text-sm text-muted">
          There is nothing at this address.
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
