import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/commands/list/audit.js';
import { eventAdd } from '../../src/commands/list/event-add.js';
import { parseTextArgs, tokenize } from '../../src/commands/parse-args.js';
import { allCommands, COMMAND_NAME } from '../../src/commands/registry.js';

describe('tokenize', () => {
  it('groups quoted words in every quoting style people type', () => {
    expect(tokenize('a "b c" «d e» “f g” \'h i\' when:"22 mai 14h"').tokens).toEqual([
      'a',
      'b c',
      'd e',
      'f g',
      'h i',
      'when:22 mai 14h',
    ]);
    expect(tokenize('"open').unclosed).toBe(true);
  });
});

describe('parseTextArgs', () => {
  it('fills options by position and by name, the last one taking the rest', () => {
    const parsed = parseTextArgs(eventAdd, 'mi8-es "22 mai 14h" Mi 8 España city:Madrid zone:Europe/Madrid');
    expect(parsed).toEqual({
      ok: true,
      args: { id: 'mi8-es', when: '22 mai 14h', title: 'Mi 8 España', city: 'Madrid', zone: 'Europe/Madrid' },
    });
  });

  it('reports what is missing, extra or of the wrong type', () => {
    expect(parseTextArgs(eventAdd, 'mi8-es')).toEqual({
      ok: false,
      problem: { code: 'missing', option: 'when' },
    });
    expect(parseTextArgs(audit, 'ten')).toEqual({
      ok: false,
      problem: { code: 'bad_value', option: 'limit', value: 'ten', expected: 'a whole number' },
    });
    expect(parseTextArgs(audit, '5 6')).toEqual({ ok: false, problem: { code: 'too_many' } });
  });

  it('says a quote is not closed (not that there are too many arguments)', () => {
    expect(parseTextArgs(eventAdd, 'mi8-es "22 mai 14h Mi 8 España')).toEqual({
      ok: false,
      problem: { code: 'unclosed_quote' },
    });
  });

  it('holds each option to its own limit, and never repeats a 10,000-character value', () => {
    const huge = 'x'.repeat(10_000);
    // An id allows 48 characters, a title 200 (the calendar's limits, config/schema.ts LIMITS).
    expect(parseTextArgs(eventAdd, `${huge} tomorrow Mi 8`)).toEqual({
      ok: false,
      problem: { code: 'too_long', option: 'id', max: 48 },
    });
    expect(parseTextArgs(eventAdd, `mi8-es tomorrow ${huge}`)).toEqual({
      ok: false,
      problem: { code: 'too_long', option: 'title', max: 200 },
    });
    expect(parseTextArgs(eventAdd, `mi8-es tomorrow ${'t'.repeat(200)}`).ok).toBe(true);
    const countdown = allCommands().find((c) => c.name === 'countdown');
    expect(countdown && parseTextArgs(countdown, huge)).toEqual({
      ok: false,
      problem: { code: 'too_long', option: 'id', max: 48 },
    });
    // A value of the wrong kind is shown back cut short.
    const bad = parseTextArgs(audit, '9'.repeat(10_000));
    expect(bad.ok === false && bad.problem.code === 'bad_value' && bad.problem.value).toBe(
      `${'9'.repeat(39)}…`,
    );
  });

  it('never throws and never invents an option, whatever is typed (fuzzed)', () => {
    for (const spec of allCommands()) {
      fc.assert(
        fc.property(fc.string({ maxLength: 200, unit: 'grapheme' }), (text) => {
          const result = parseTextArgs(spec, text);
          if (result.ok) {
            for (const key of Object.keys(result.args))
              expect(spec.options.some((o) => o.name === key)).toBe(true);
            for (const option of spec.options.filter((o) => o.required))
              expect(result.args[option.name]).toBeDefined();
          } else {
            expect(['missing', 'too_many', 'bad_value', 'too_long', 'unclosed_quote']).toContain(
              result.problem.code,
            );
          }
        }),
        { numRuns: 300 },
      );
    }
  });
});

describe('command definitions fit both platforms', () => {
  it('has names and option names Discord and Telegram accept, and descriptions of at most 100 characters', () => {
    for (const spec of allCommands()) {
      expect(spec.name).toMatch(COMMAND_NAME);
      for (const text of Object.values(spec.description)) expect(text.length).toBeLessThanOrEqual(100);
      for (const option of spec.options) {
        expect(option.name).toMatch(COMMAND_NAME);
        for (const text of Object.values(option.description)) expect(text.length).toBeLessThanOrEqual(100);
      }
      // Discord requires required options before optional ones.
      const firstOptional = spec.options.findIndex((o) => !o.required);
      if (firstOptional >= 0) expect(spec.options.slice(firstOptional).every((o) => !o.required)).toBe(true);
    }
  });
});
