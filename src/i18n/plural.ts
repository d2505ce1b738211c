import type { Locale } from '../core/types.js';

const rules = new Map<Locale, Intl.PluralRules>();

/** Chooses the plural form CLDR gives for `n` in `locale` ("1 jour" / "3 jours", "1 giorno" / "3 giorni"). */
export function plural(locale: Locale, n: number, forms: { one: string; other: string }): string {
  let rule = rules.get(locale);
  if (!rule) {
    rule = new Intl.PluralRules(locale);
    rules.set(locale, rule);
  }
  const form = rule.select(n) === 'one' ? forms.one : forms.other;
  return form.replace('#', String(n));
}
