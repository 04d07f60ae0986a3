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
/** The preview of a version's file (JSON), or with `image` its bytes for an <img>. */
export const artifactPreviewHref = (
  name: string,
  version: number | string,
  path: string,
  image = false,
) =>
  `/api/v1/models/${encodeURIComponent(name)}/versions/${version}/previews/${path.split("/").map(encodeURIComponent).join("/")}${image ? "?as=image" : ""}`;
