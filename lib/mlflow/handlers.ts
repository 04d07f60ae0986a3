// The model-registry subset of the MLflow 2.0 REST API over Stageline's services: every call goes
// through the same services (permissions, validation, audit) as the REST API and the pages. The
// handlers are by domain: registered-models.ts, model-aliases.ts, model-versions.ts.
import type { Actor } from "@/lib/auth/actor";
import {
  deleteModelAlias,
  getModelVersionByAlias,
  setModelAlias,
} from "./model-aliases";
import {
  createModelVersion,
  deleteModelVersion,
  deleteModelVersionTag,
  getDownloadUri,
  getModelVersion,
  searchVersions,
  setModelVersionTag,
  transitionStage,
  updateModelVersion,
} from "./model-versions";
import type { Params } from "./params";
import {
  createRegisteredModel,
  deleteRegisteredModel,
  deleteRegisteredModelTag,
  getLatestVersions,
  getRegisteredModel,
  renameRegisteredModel,
  searchModels,
  setRegisteredModelTag,
  updateRegisteredModel,
} from "./registered-models";

export type Handler = (actor: Actor, p: Params) => unknown;

type Method = "GET" | "POST" | "PATCH" | "DELETE";

/** Path below /api/2.0/mlflow/ -> method -> handler. */
export const ROUTES: Record<string, Partial<Record<Method, Handler>>> = {
  "registered-models/create": { POST: createRegisteredModel },
  "registered-models/get": { GET: getRegisteredModel },
  "registered-models/update": { PATCH: updateRegisteredModel },
  "registered-models/rename": { POST: renameRegisteredModel },
  "registered-models/delete": { DELETE: deleteRegisteredModel },
  "registered-models/search": { GET: searchModels },
  "registered-models/get-latest-versions": {
    GET: getLatestVersions,
    POST: getLatestVersions,
  },
  "registered-models/set-tag": { POST: setRegisteredModelTag },
  "registered-models/delete-tag": { DELETE: deleteRegisteredModelTag },
  "registered-models/alias": {
    POST: setModelAlias,
    DELETE: deleteModelAlias,
    GET: getModelVersionByAlias,
  },
  "model-versions/create": { POST: createModelVersion },
  "model-versions/get": { GET: getModelVersion },
  "model-versions/update": { PATCH: updateModelVersion },
  "model-versions/delete": { DELETE: deleteModelVersion },
  "model-versions/search": { GET: searchVersions },
  "model-versions/transition-stage": { POST: transitionStage },
  "model-versions/set-tag": { POST: setModelVersionTag },
  "model-versions/delete-tag": { DELETE: deleteModelVersionTag },
  "model-versions/get-download-uri": { GET: getDownloadUri },
};
