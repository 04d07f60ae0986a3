// Widgets that stream in after their page's shell (each in its own <Suspense>) wait for this before
// they read. Stageline's reads are synchronous (better-sqlite3): an async component that read at
// once would run its queries while React is still rendering the shell, and the shell would wait for
// them. React renders the shell's HTML one turn of the event loop after the page resolves and Next
// writes it out on the next turn, so two turns let the header and main facts leave first; the
// widget then reads and renders, and React streams its HTML in place of the fallback.
import "server-only";

export function afterShell(): Promise<void> {
  return new Promise((resolve) => {
    setImmediate(() => setImmediate(resolve));
  });
}
