// The role names live beside the schema (db/roles.ts), whose enum they are; the app imports them from here.
export { ROLES, type Role } from "@/db/roles";
