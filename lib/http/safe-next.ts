// Where the sign-in page may send a user afterwards (`?next=`): only to a path of this app. Browsers
// read `/\host` and `//host` as another host, drop tabs and newlines from URLs (`/\t/host` becomes
// `//host`), and a path that normalises to `//host` (`/.//host`) is one too; anything that is not
// plainly a path here ends on "/".
const BASE = "http://stageline.invalid";

export function safeNextPath(next: unknown): string {
  if (typeof next !== "string" || !next.startsWith("/")) return "/";
  // Control characters, spaces and backslashes have no place in a path this app links to.
  if (/[\u0000-\u0020\u007f\\]/.test(next)) return "/";
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE) return "/";
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith("//") ? "/" : path;
}
