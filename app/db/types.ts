import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type * as schema from "./schema";

/**
 * The one database handle type the domain works with. A transaction (`tx`) is a Db too, so a
 * command can be called inside another command's transaction.
 */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
