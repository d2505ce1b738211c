// Writes src/i18n/zone-cities.ts: the name of each time zone's city in every language Herald
// speaks, from CLDR's exemplar cities (the cldr-dates-full package, a devDependency). Intl gives
// no city names, and the whole of CLDR's time-zone names is megabytes; the table keeps only
// the names that differ from the zone id's own (Asia/Hong_Kong → "Hong Kong"), a few kB.
//   node --import tsx scripts/zone-cities.ts
// test/i18n/catalogs.test.ts checks that the table is what CLDR and this Node's zones give.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { zoneCities, zoneCitiesSource } from '../src/i18n/zone-cities-source.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const target = path.join(root, 'src/i18n/zone-cities.ts');
const require = createRequire(import.meta.url);
const readCldr = (language: string): unknown =>
  JSON.parse(readFileSync(require.resolve(`cldr-dates-full/main/${language}/timeZoneNames.json`), 'utf8'));
const version = (require('cldr-dates-full/package.json') as { version: string }).version;

writeFileSync(target, zoneCitiesSource(zoneCities(readCldr), version));
spawnSync(process.execPath, [require.resolve('@biomejs/biome/bin/biome'), 'format', '--write', target], {
  stdio: 'inherit',
});
process.stdout.write(`wrote ${target}\n`);
