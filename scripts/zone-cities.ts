// Writes src/i18n/zone-cities.ts: the name of each time zone's city in every language Herald
// speaks, from CLDR's exemplar cities (the cldr-dates-full package, a devDependency). Intl gives
// no city names, and the whole of CLDR's time-zone names is megabytes; the table keeps only
// the names that differ from the zone id's own (Asia/Hong_Kong → "Hong Kong"), a few kB.
//   node --import tsx scripts/zone-cities.ts           write the table
//   node --import tsx scripts/zone-cities.ts --check   exit 1 when the table is not up to date
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { zoneCitiesSource } from '../src/i18n/zone-cities-source.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const target = path.join(root, 'src/i18n/zone-cities.ts');
const require = createRequire(import.meta.url);
const readCldr = (language: string): unknown =>
  JSON.parse(readFileSync(require.resolve(`cldr-dates-full/main/${language}/timeZoneNames.json`), 'utf8'));
const version = (require('cldr-dates-full/package.json') as { version: string }).version;

const source = zoneCitiesSource(readCldr, version);
if (process.argv.includes('--check')) {
  const current = readFileSync(target, 'utf8');
  if (current !== source) {
    process.stderr.write(`${target} is not what CLDR ${version} gives: run node --import tsx scripts/zone-cities.ts\n`);
    process.exit(1);
  }
} else {
  writeFileSync(target, source);
  process.stdout.write(`wrote ${target}\n`);
}
