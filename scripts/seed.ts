// `npm run seed`: puts the demo organisations and accounts in the configured database on purpose.
// On the embedded database this happens by itself on first start; on DATABASE_URL only this way.
import { closeDatabase, openDatabase } from "../app/db.server";
import { seedDemoData } from "../app/domain/demo/seed-demo-data.server";
import { seedDemoTender } from "../app/domain/demo/seed-demo-tender.server";
import { seedDemoOpeningTender } from "../app/domain/demo/seed-demo-opening-tender.server";
import { seedDemoContracts } from "../app/domain/demo/seed-demo-contracts.server";
import { seedDemoReports } from "../app/domain/demo/seed-demo-reports.server";
import { systemClock } from "../app/utils/clock.server";

const handle = await openDatabase();
await seedDemoData(handle.db, systemClock);
await seedDemoTender(handle.db, systemClock);
await seedDemoOpeningTender(handle.db, systemClock);
await seedDemoContracts(handle.db, systemClock);
await seedDemoReports(handle.db, systemClock);
console.log(`Demodata geplaatst in de ${handle.driver === "postgres" ? "PostgreSQL-database (DATABASE_URL)" : "ingebouwde database"}.`);
await closeDatabase();
