"use client";
// When the root layout itself fails (the database cannot be opened, say): Next renders this in
// place of the whole document, so it brings its own <html> and no app styles or components.
export default function GlobalError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <html lang="en">
      <body
        style={{
          fontFamily: "system-ui, sans-serif",
          margin: "3rem auto",
          maxWidth: "36rem",
          padding: "0 1rem",
          color: "#1f2937",
        }}
      >
        <h1 style={{ fontSize: "1.25rem" }}>
          Stageline could not load this page
        </h1>
        <p>
          Something went wrong on the server
          {error.digest ? ` (reference ${error.digest})` : ""}. Try again; if it
          keeps happening, an admin can check the server&apos;s log and{" "}
          <code>/api/health</code>.
        </p>
        <button
          type="button"
          onClick={reset}
          style={{ padding: "0.5rem 1rem" }}
        >
          Try again
        </button>
      </body>
    </html>
  );
}
