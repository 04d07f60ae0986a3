import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import tseslint from "typescript-eslint";

// Artifact bytes go through the blob store's interface (blobStore()); the local store's file
// paths are for tests that fabricate or damage stored files on purpose.
const BLOB_FILES = {
  name: "@/lib/blobs/blob-store",
  importNames: ["blobPath"],
  message:
    "read, write and delete blobs through blobStore(); blobPath is for tests that damage stored files",
};

const config = [
  ...nextVitals,
  ...nextTs,
  {
    files: ["**/*.ts", "**/*.tsx"],
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: {
      "@typescript-eslint/consistent-type-imports": [
        "error",
        { fixStyle: "inline-type-imports" },
      ],
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-non-null-assertion": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        {
          argsIgnorePattern: "^_",
          varsIgnorePattern: "^_",
          destructuredArrayIgnorePattern: "^_",
        },
      ],
    },
  },
  // Layers point one way: app/ -> components/ -> lib/ -> db/. A component takes server actions as
  // props (the page binds them); lib/ renders nothing and routes nothing. (Tests may reach up: they
  // drive route handlers and pages as a client would.)
  {
    files: ["app/**/*.{ts,tsx}", "scripts/**/*.ts", "instrumentation.ts"],
    rules: { "no-restricted-imports": ["error", { paths: [BLOB_FILES] }] },
  },
  {
    files: ["components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/app", "@/app/**"],
              message:
                "components/ do not import from app/: take server actions as props",
            },
          ],
          paths: [BLOB_FILES],
        },
      ],
    },
  },
  {
    files: ["lib/**/*.{ts,tsx}"],
    ignores: ["lib/**/*.test.ts", "lib/testing/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/app", "@/app/**", "@/components", "@/components/**"],
              message: "lib/ does not import from app/ or components/",
            },
          ],
          paths: [BLOB_FILES],
        },
      ],
    },
  },
  {
    files: ["db/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "@/lib",
                "@/lib/**",
                "@/app/**",
                "@/components/**",
                "../lib/**",
              ],
              message:
                "db/ is the bottom layer: it imports nothing from lib/, components/ or app/",
            },
          ],
        },
      ],
    },
  },
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      "data/**",
      "db/migrations/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
      "clients/**",
    ],
  },
];

export default config;
