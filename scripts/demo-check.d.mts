// Types for demo-check.mjs (plain JavaScript so the start script needs no build step).
export function liveDemoAccounts(file: string): Promise<string[] | null>;
export function listenHost(
  host: string,
  env: Record<string, string | undefined>,
  dbFile: string,
  log?: (line: string) => void,
): Promise<string>;
