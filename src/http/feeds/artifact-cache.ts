import { sameOrNewer, type Validated, validated } from './conditional.js';

/** What a render gives: the text, and until when it stays true without a calendar change (ms). */
export interface Rendered {
  readonly body: string;
  /** The page says "live now" or "in 3 days": it is rendered again from this instant on. */
  readonly validUntil?: number;
}

interface Entry {
  readonly version: number;
  readonly validUntil: number;
  readonly value: Validated;
}

/**
 * Rendered bytes (a feed, a page in one language) by key, each kept until the public calendar's
 * version changes or its own `validUntil` passes. Bounded: past `maxEntries` the oldest go
 * first. A render that gives the same bytes keeps the old validators, so clients' copies stay
 * valid (304) across rebuilds that changed nothing they see.
 */
export class ArtifactCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxEntries = 500) {}

  get(key: string, version: number, now: number, render: () => Rendered): Validated {
    const entry = this.entries.get(key);
    if (entry && entry.version === version && now < entry.validUntil) return entry.value;
    const rendered = render();
    const value = sameOrNewer(entry?.value, validated(rendered.body, now));
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, {
      version,
      validUntil: rendered.validUntil ?? Number.POSITIVE_INFINITY,
      value,
    });
    return value;
  }
}
