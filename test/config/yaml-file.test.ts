import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument, stringify } from 'yaml';
import { readYaml } from '../../src/config/yaml-file.js';

/** What the `yaml` package reads (the reference: its Document gives the positions of issues). */
function reference(text: string): { data: unknown } | { errors: number } {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) return { errors: doc.errors.length };
  try {
    return { data: doc.toJS() ?? {} };
  } catch {
    return { errors: 1 }; // an alias to no anchor
  }
}

/** The fast path must read what the `yaml` package reads, and refuse what it refuses. */
function expectSameReading(text: string): void {
  const ours = readYaml('test.yaml', text);
  const theirs = reference(text);
  if ('errors' in theirs) expect(Array.isArray(ours), text).toBe(true);
  else {
    expect(Array.isArray(ours), text).toBe(false);
    if (!Array.isArray(ours)) expect(ours.data, text).toEqual(theirs.data);
  }
}

const TRICKY = [
  '0',
  '-0',
  '+12',
  '014',
  '0o14',
  '0o19',
  '0x1F',
  '0X1F',
  '-0x1F',
  '0b101',
  '1_000',
  '1e3',
  '1E-3',
  '.5',
  '-.5',
  '1.',
  '+1.5e+3',
  '.inf',
  '-.Inf',
  '+.INF',
  '.nan',
  '.NaN',
  'NaN',
  'inf',
  '~',
  'null',
  'Null',
  'NULL',
  'nUll',
  'true',
  'True',
  'TRUE',
  'tRue',
  'yes',
  'no',
  'on',
  'off',
  'y',
  'n',
  '10:00',
  '1:30:00',
  '2018-05-22',
  '2018-05-22T14:00',
  '2018-05-22 14:00:00Z',
  '<<',
  '=',
  '12345678901234567890',
  '0.1e',
  'e5',
  '-',
  '--',
  "'quoted'",
  '"0x1F"',
  '!!str 12',
  '"\\u00e9"',
  '[1, 0o7, "x"]',
  '{a: 1, b: .5}',
  '*',
  '&a 1',
  '%',
  '@x',
  '`x',
  'a: b',
  '- x',
  '? x',
];

describe('reading YAML (js-yaml, with the yaml package for positions)', () => {
  // Not compared: keys that are null or collections (`~: x`, `[a]: x`), which the two name
  // differently; no Herald key is either, so both refuse such an entry as an unknown key.
  it('reads every kind of plain scalar as the yaml package’s YAML 1.2 core schema does', () => {
    for (const scalar of TRICKY) expectSameReading(`key: ${scalar}\n`);
    fc.assert(
      fc.property(fc.stringMatching(/^[-+0-9a-fA-Fxob._eE~]{1,12}$/), (scalar) => {
        expectSameReading(`key: ${scalar}\n`);
        expectSameReading(`- ${scalar}\n`);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads whole documents, block and flow, as the yaml package does', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null)),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, fc.boolean(), fc.integer({ min: 1, max: 4 }), (data, flow, indent) => {
        expectSameReading(
          stringify({ root: data }, { indent, ...(flow ? { collectionStyle: 'flow' } : {}) }),
        );
      }),
      { numRuns: 500 },
    );
    for (const file of ['config/herald.yaml', 'config/events.yaml'])
      expectSameReading(readFileSync(file, 'utf8'));
  });

  it('refuses what the yaml package refuses, with the line', () => {
    const broken = [
      'a:\n\t- tab\n',
      'a: [1\n',
      'a: {b: 1\n',
      'a: 1\na: 2\n',
      'a: 1\n---\nb: 2\n',
      'a:\n  - b\n c: 1\n',
      'a: b: c\n',
      'a: "unclosed\n',
      '- a\nb: 1\n',
      'a: &x 1\nb: *y\n',
      'a: !!int x\n',
      'key: value\n  indented: wrong\n',
    ];
    for (const text of broken) {
      expectSameReading(text);
      const issues = readYaml('test.yaml', text);
      if (Array.isArray(issues)) expect(issues[0]?.line, text).toBeGreaterThanOrEqual(1);
    }
  });

  it('names the line of a schema issue by re-reading the file with positions', () => {
    const source = readYaml('test.yaml', 'events:\n  - id: a\n    zone: Europe/Pariss\n');
    expect(Array.isArray(source)).toBe(false);
    if (!Array.isArray(source)) {
      expect(source.lineOf(['events', 0, 'zone'])).toBe(3);
      expect(source.lineOf(['events', 0, 'missing'])).toBe(2);
    }
  });
});

describe('alias bombs', () => {
  it('are refused with an issue, at once, instead of expanding (each level ten times the last)', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array.from({ length: 10 }, () => `*${prev}`).join(',')}]`);
    }
    const result = readYaml('bomb.yaml', `${levels.join('\n')}\n`);
    expect(Array.isArray(result)).toBe(true);
    expect(JSON.stringify(result)).toMatch(/alias/i);
  });
});
