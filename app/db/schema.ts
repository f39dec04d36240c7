// Every table of the portal, for the one drizzle instance. Each domain owns its tables.
export * from "../domain/regions/regions.sql";
export * from "../domain/finance/funding.sql";
export * from "../domain/performance/kpi-catalogue.sql";
export * from "../domain/organisations/organisations.sql";
export * from "../domain/identity/identity.sql";
export * from "../domain/audit/audit.sql";
export * from "../domain/files/files.sql";
export * from "../domain/notifications/notifications.sql";
export * from "../domain/tenders/tender.sql";
export * from "../domain/contracts/contract.sql";
export * from "../domain/finance/finance.sql";
export * from "../domain/local-offerings/local-offering.sql";
export * from "../domain/offers/offer.sql";
export * from "../domain/evaluation/evaluation.sql";
export * from "../domain/reports/report.sql";
