import type { VersionDto } from "@/lib/registry/dto";

/**
 * The version's files that the upload scan marked unsafe (pickles that import code, or that could
 * not be scanned), each with what was found. Shown at the top of the version page, because the
 * built-in "no unsafe files" gate refuses to promote such a version.
 */
export function UnsafeFiles({ files }: { files: VersionDto["unsafe_files"] }) {
  if (files.length === 0) return null;
  return (
    <section
      role="alert"
      aria-labelledby="unsafe-files-heading"
      data-testid="unsafe-files"
      className="mb-4 rounded-md border border-danger/40 bg-danger/10 px-3 py-2 text-sm"
    >
      <h2 id="unsafe-files-heading" className="font-semibold text-danger">
        {files.length === 1 ? "Unsafe file" : `${files.length} unsafe files`}
      </h2>
      <p className="mb-2 text-xs text-muted">
        Loading a pickle runs the code it imports. These files import globals
        outside the allowlist of safe ones (numpy, scikit-learn, builtins that
        build data, PyTorch tensors), so this version cannot be promoted without
        an admin override.
      </p>
      <ul className="space-y-1">
        {files.map((f) => (
          <li key={f.path}>
            <span className="font-mono break-all">{f.path}</span>
            {f.imports.length ? (
              <>
                {" "}
                imports{" "}
                {f.imports.map((i, n) => (
                  <span key={i}>
                    {n ? ", " : ""}
                    <code className="font-mono text-danger break-all">{i}</code>
                  </span>
                ))}
              </>
            ) : null}
            {f.reasons.map((r) => (
              <p key={r} className="text-xs text-muted">
                {r}
              </p>
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}
