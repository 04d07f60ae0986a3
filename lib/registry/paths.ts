// URLs of registry pages. Model names may contain '/', so they are always encoded as one segment.
export const modelHref = (name: string) =>
  `/models/${encodeURIComponent(name)}`;
export const versionHref = (name: string, version: number | string) =>
  `${modelHref(name)}/versions/${version}`;
export const artifactHref = (
  name: string,
  version: number | string,
  path: string,
) =>
  `/api/v1/models/${encodeURIComponent(name)}/versions/${version}/artifacts/${path.split("/").map(encodeURIComponent).join("/")}`;
