import type { roles } from "./identity.sql";

export type Role = (typeof roles)[number];

export const allRoles: readonly Role[] = [
  "admin",
  "projectgroup",
  "assessor",
  "contractManager",
  "supplier",
  "municipalityViewer",
];

export const roleLabels: Record<Role, string> = {
  admin: "Beheerder",
  projectgroup: "Projectgroep",
  assessor: "Beoordelaar",
  contractManager: "Contractmanager",
  supplier: "Aanbieder",
  municipalityViewer: "Gemeente",
};

/** The acting user as every domain function receives it. */
export interface Actor {
  id: string;
  name: string;
  email: string;
  roles: readonly Role[];
  organisationId: string | null;
  municipalityId: string | null;
}

/** Seeds and start-up jobs act as the system; it holds no role, so it passes no permission check. */
export const systemActor = { id: null, name: "Systeem" } as const;
export type AuditActor = Pick<Actor, "id" | "name"> | typeof systemActor;
