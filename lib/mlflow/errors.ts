// MLflow's error shape {error_code, message} with MLflow's HTTP statuses, and the mapping from
// Stageline's domain errors. Messages that MLflow clients match on are worded as MLflow words them.
import { asDomainError } from "@/lib/errors";

export type MlflowCode =
  | "RESOURCE_DOES_NOT_EXIST"
  | "RESOURCE_ALREADY_EXISTS"
  | "INVALID_PARAMETER_VALUE"
  | "PERMISSION_DENIED"
  | "UNAUTHENTICATED"
  | "ENDPOINT_NOT_FOUND"
  | "REQUEST_LIMIT_EXCEEDED"
  | "IO_ERROR"
  | "INTERNAL_ERROR";

const STATUS: Record<MlflowCode, number> = {
  RESOURCE_DOES_NOT_EXIST: 404,
  RESOURCE_ALREADY_EXISTS: 400,
  INVALID_PARAMETER_VALUE: 400,
  PERMISSION_DENIED: 403,
  UNAUTHENTICATED: 401,
  ENDPOINT_NOT_FOUND: 404,
  REQUEST_LIMIT_EXCEEDED: 429,
  // MLflow's own code for a failed write; 507 so clients see a full disk, and do not retry it as a 5xx blip.
  IO_ERROR: 507,
  INTERNAL_ERROR: 500,
};

export class MlflowError extends Error {
  constructor(
    readonly code: MlflowCode,
    message: string,
  ) {
    super(message);
    this.name = "MlflowError";
  }
  get status(): number {
    return STATUS[this.code];
  }
}

export const missing = (name: string) =>
  new MlflowError(
    "INVALID_PARAMETER_VALUE",
    `Missing value for required parameter '${name}'. See the API docs for more information about request parameters.`,
  );
export const modelNotFound = (name: string) =>
  new MlflowError(
    "RESOURCE_DOES_NOT_EXIST",
    `Registered Model with name=${name} not found`,
  );
export const versionNotFound = (name: string, version: string | number) =>
  new MlflowError(
    "RESOURCE_DOES_NOT_EXIST",
    `Model Version (name=${name}, version=${version}) not found`,
  );

/** Any error thrown by a handler or a service, as MLflow would answer it. */
export function toMlflowError(error: unknown): MlflowError {
  if (error instanceof MlflowError) return error;
  const domain = asDomainError(error);
  if (!domain)
    return new MlflowError("INTERNAL_ERROR", "Unexpected server error");
  switch (domain.code) {
    case "not_found":
      return new MlflowError("RESOURCE_DOES_NOT_EXIST", domain.message);
    case "unauthenticated":
      return new MlflowError("UNAUTHENTICATED", domain.message);
    case "forbidden":
      return new MlflowError("PERMISSION_DENIED", domain.message);
    case "rate_limited":
      return new MlflowError("REQUEST_LIMIT_EXCEEDED", domain.message);
    case "insufficient_storage":
      return new MlflowError("IO_ERROR", domain.message);
    default:
      // invalid, conflict (a rule of Stageline's lifecycle), gone, too_large, unprocessable.
      return new MlflowError("INVALID_PARAMETER_VALUE", domain.message);
  }
}
