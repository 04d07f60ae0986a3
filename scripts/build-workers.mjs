// Compiles the worker-thread entry files (lib/workers/*.worker.ts) into plain ES modules that Node
// runs as they are: <distDir>/workers/<name>.mjs. Next's server bundle cannot be handed to a worker
// thread, and Node 20 does not run TypeScript, so each entry is bundled on its own with esbuild
// (the one vite and tsx already install). Called by next.config.ts's runAfterProductionCompile,
// so every `next build` (npm run build, npx next build in CI, the build npm start does when none
// exists) writes them; the unit tests build them into a temporary folder (lib/testing/global-setup.ts).
// Usage by hand: node scripts/build-workers.mjs [outDir]
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(import.meta.dirname, "..");

/** The entry files: every lib/workers/*.worker.ts, plus any extra ones (tests add a faulty one). */
export function workerEntries(extra = []) {
  const dir = path.join(root, "lib", "workers");
  const found = fs.readdirSync(dir).filter((f) => f.endsWith(".worker.ts"));
  return [...found.map((f) => path.join(dir, f)), ...extra];
}

/** Bundles each entry into `outDir/<name>.mjs`; returns the files written. */
export async function buildWorkers(outDir, extra = []) {
  const { build } = await import("esbuild");
  const entries = workerEntries(extra);
  const out = path.resolve(outDir);
  fs.mkdirSync(out, { recursive: true });
  const entryPoints = Object.fromEntries(
    entries.map((file) => [path.basename(file, ".worker.ts"), file]),
  );
  await build({
    entryPoints,
    outdir: out,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // Pure-JS packages (zod, jstat) are bundled in: Node's ESM cannot take named exports from a
    // CommonJS package like jstat. Native addons load from node_modules, as in Next's server bundle.
    external: ["better-sqlite3", "onnxruntime-node", "piscina"],
    alias: { "@": root },
    // A worker runs no React: the marker would throw outside Next's react-server bundle.
    plugins: [serverOnlyStub],
    // ESM output of CommonJS dependencies still calls require().
    banner: {
      js: "import { createRequire as __stagelineRequire } from 'node:module'; const require = __stagelineRequire(import.meta.url);",
    },
    logLevel: "warning",
  });
  return Object.keys(entryPoints).map((name) => path.join(out, `${name}.mjs`));
}

const serverOnlyStub = {
  name: "server-only-stub",
  setup(b) {
    b.onResolve({ filter: /^server-only$/ }, () => ({
      path: "server-only",
      namespace: "stub",
    }));
    b.onLoad({ filter: /.*/, namespace: "stub" }, () => ({
      contents: "export {};",
      loader: "js",
    }));
  },
};

if (
  process.argv[1] &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  const outDir =
    process.argv[2] ??
    path.join(root, process.env.STAGELINE_DIST_DIR ?? ".next", "workers");
  // No top-level await: next.config.ts loads this module with require().
  buildWorkers(outDir).then(
    (files) =>
      console.log(
        `worker entries built: ${files.map((f) => path.relative(root, f)).join(", ")}`,
      ),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
