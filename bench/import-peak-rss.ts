// Child process of import.bench.ts: one import of a products file into an empty, migrated server
// database, alone in its process, so that its peak RSS is the import's own. In the bench process
// the generated rows, the floor's file and the heap left by earlier steps blur it (a heap that
// has grown once stays grown: the next step's growth then reads as nothing). It holds V8's heap
// growth as `npm run import` (src/cli/import.ts) does.
import '../src/lib/heap-growth.js';
import { createReadStream } from 'node:fs';
import { databaseFromUrl } from '../src/db/database.js';
import { importCsv } from '../src/domain/import/import-records.js';
import { DEFAULT_REQUIRED_DOCUMENTS } from '../src/lib/documents.js';
import { dateInZone } from '../src/lib/time/calendar.js';

const [url, file] = process.argv.slice(2);
if (!url || !file) throw new Error('usage: import-peak-rss.ts <database url> <products.csv>');
const db = databaseFromUrl(url);
try {
  const before = process.memoryUsage.rss();
  const now = new Date();
  const summary = await importCsv({ db }, 'products', createReadStream(file), {
    actor: 'import',
    now,
    today: dateInZone(now, 'America/Sao_Paulo'),
    requiredDocuments: DEFAULT_REQUIRED_DOCUMENTS,
  });
  process.stdout.write(JSON.stringify({ created: summary.created, peakRssDeltaBytes: process.resourceUsage().maxRSS * 1024 - before }));
} finally {
  await db.close();
}
