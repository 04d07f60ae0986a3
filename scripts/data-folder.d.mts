// Types for data-folder.mjs (plain JavaScript so the start script needs no build step).
export class DataFolderError extends Error {}
export function prepareDataFolder(
  dir: string,
  log?: (line: string) => void,
): void;
