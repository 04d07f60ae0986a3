// MLflow's UI calls the same API under /ajax-api; both prefixes answer alike.
export { DELETE, GET, PATCH, POST } from "@/app/api/2.0/mlflow/[...path]/route";
