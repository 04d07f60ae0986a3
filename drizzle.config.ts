import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: "./db/schema.ts",
  out: "./db/migrations",
  dbCredentials: {
    url: process.env.STAGELINE_DATA_DIR
      ? `${process.env.STAGELINE_DATA_DIR}/stageline.db`
      : "./data/stageline.db",
  },
});
