/**
 * `herald preview` over one year: a generated config of EVENTS launches (half of them date-only,
 * spread over the year, a few tags) and TARGETS chats following them, previewed with
 * `previewPosts` from the first to the last minute of the year. Prints one JSON line:
 * `{ name, events, targets, posts, ms, floorMs }`.
 *
 * The floor is the work no preview can skip, measured in the same run: planning the same
 * countdown and live posts with `planEvent` in memory (no store, no composing of texts, no
 * digests), then keeping those due in the window in order. What the preview adds above it is
 * the in-memory store, the digest slots and composing every post's text.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { previewPosts } from '../src/cli/preview.js';
import { loadConfig } from '../src/config/load.js';
import { planRules } from '../src/config/schema.js';
import { parseIsoInstant } from '../src/core/zone.js';
import { planEvent } from '../src/scheduler/plan.js';
import { envInt } from './stats.js';

const EVENTS = envInt('BENCH_PREVIEW_EVENTS', 1000);
const TARGETS = envInt('BENCH_PREVIEW_TARGETS', 10);
const YEAR = 2030;
const TAGS = ['phones', 'laptops', 'watches', 'tablets'] as const;
const ZONES = ['Europe/Paris', 'Europe/Rome', 'America/New_York', 'Asia/Tokyo'] as const;
const LOCALES = ['en', 'fr', 'it'] as const;

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;
const two = (n: number) => String(n).padStart(2, '0');

/** The i-th launch: spread evenly over the year, every other one with its date alone. */
function eventYaml(i: number): string {
  const day = new Date(Date.UTC(YEAR, 0, 1) + Math.floor((i * 365) / EVENTS) * 86_400_000);
  const date = `${day.getUTCFullYear()}-${two(day.getUTCMonth() + 1)}-${two(day.getUTCDate())}`;
  const when = i % 2 === 0 ? `date: ${date}` : `start: ${date}T${two(9 + (i % 10))}:${two((i * 15) % 60)}`;
  return [
    `  - id: launch-${i}`,
    '    title:',
    `      en: Launch ${i}`,
    `      fr: Lancement ${i}`,
    `      it: Lancio ${i}`,
    '    description:',
    `      en: Product ${i} is unveiled.`,
    `    ${when}`,
    `    zone: ${pick(ZONES, i)}`,
    '    links:',
    `      - { label: Shop, url: "https://example.com/${i}" }`,
    `    tags: [${pick(TAGS, i)}]`,
  ].join('\n');
}

/** The j-th chat: console, Telegram and Discord in turn, each following two of the tags. */
function targetYaml(j: number): string {
  const platform = pick(['console', 'telegram', 'discord'] as const, j);
  const chat =
    platform === 'telegram'
      ? `"-100${1_000_000_000 + j}"`
      : platform === 'discord'
        ? `"448${String(j).padStart(15, '0')}"`
        : `bench${j}`;
  return [
    `  - platform: ${platform}`,
    `    chat: ${chat}`,
    `    locale: ${pick(LOCALES, j)}`,
    `    zone: ${pick(ZONES, j)}`,
    `    follows: { tags: [${pick(TAGS, j)}, ${pick(TAGS, j + 1)}] }`,
  ].join('\n');
}

const settings = `defaults:
  locale: en
  zone: Europe/Paris
countdown:
  milestones: [30d, 14d, 7d, 3d, 1d, 12h, 1h, 15m, 0]
  dateOnlyPostTime: "10:00"
reminders:
  offsets: [1d, 1h]
summaries:
  cron: "0 9 * * 1"
  window: 14d
  skipWhenEmpty: true
targets:
${Array.from({ length: TARGETS }, (_, j) => targetYaml(j)).join('\n')}
`;
const events = `events:\n${Array.from({ length: EVENTS }, (_, i) => eventYaml(i)).join('\n')}\n`;

const dir = mkdtempSync(path.join(tmpdir(), 'herald-bench-preview-'));
writeFileSync(path.join(dir, 'herald.yaml'), settings);
writeFileSync(path.join(dir, 'events.yaml'), events);
const config = loadConfig({ HERALD_CONFIG_DIR: dir, HERALD_DATABASE: 'sqlite::memory:' });
rmSync(dir, { recursive: true, force: true });
const from = parseIsoInstant(`${YEAR}-01-01T00:00`, config.settings.defaults.zone);
const to = parseIsoInstant(`${YEAR}-12-31T23:59`, config.settings.defaults.zone);

const start = performance.now();
const posts = await previewPosts(config, undefined, from, to);
const ms = performance.now() - start;

// The floor after the preview, so that it runs on warm code (Luxon's zones, the planner): a lower bound.
const floorStart = performance.now();
const rules = planRules(config.settings);
const planned = config.events
  .flatMap((draft) => planEvent({ ...draft, source: 'config', revision: 1 }, config.targets, [], rules))
  .filter((post) => post.due >= from && post.due <= to)
  .sort((a, b) => a.due - b.due || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
const floorMs = performance.now() - floorStart;

// The floor must have planned the very countdown and live posts the preview shows.
const shown = posts.filter((p) => p.kind === 'countdown' || p.kind === 'live').length;
const floorShown = planned.filter((p) => p.kind === 'countdown' || p.kind === 'live').length;
if (shown !== floorShown) {
  process.stderr.write(`preview shows ${shown} countdown and live posts, the floor planned ${floorShown}\n`);
  process.exitCode = 1;
}
process.stdout.write(
  `${JSON.stringify({
    name: 'preview',
    events: EVENTS,
    targets: TARGETS,
    posts: posts.length,
    ms: Math.round(ms),
    floorMs: Math.round(floorMs),
  })}\n`,
);
