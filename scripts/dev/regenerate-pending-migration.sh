#!/usr/bin/env bash
# Development aid while issue 5's schema settles: drops the not-yet-landed migration 0006 and
# generates it again from the *.sql.ts files, then appends the hand-written SQL (triggers) that
# drizzle-kit cannot express. Serialised with flock, since several people may run it at once.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec 9>.regen-migration.lock
flock 9
rm -f drizzle/0006_*.sql drizzle/meta/0006_snapshot.json
node -e '
const fs = require("fs");
const p = "drizzle/meta/_journal.json";
const j = JSON.parse(fs.readFileSync(p, "utf8"));
j.entries = j.entries.filter((e) => e.idx < 6);
fs.writeFileSync(p, JSON.stringify(j, null, 2));
'
npx drizzle-kit generate --name offers_and_evaluation >/dev/null
cat scripts/dev/0006-extra.sql >> drizzle/0006_offers_and_evaluation.sql
echo "drizzle/0006_offers_and_evaluation.sql regenerated"
