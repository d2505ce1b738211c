import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chatOwner } from '../../src/cluster/partition.js';
import { inserting } from '../../src/ledger/diff.js';
import type { ClaimPartition } from '../../src/ledger/store.js';
import type { Stores } from '../../src/stores/stores.js';
import { post } from './stores-contract.js';

const MEMBERS = ['herald-1', 'herald-2', 'herald-3'];
const CHATS = Array.from({ length: 60 }, (_, i) => String(-1001000000000 - i));

function postTo(chatId: string, due: number, slot = '0') {
  const targetKey = `telegram:${chatId}`;
  return post(slot, due, { chatId, targetKey });
}

const claimIn = (self: string, now: number, members = MEMBERS, limit = 1_000) => ({
  now,
  platforms: ['telegram' as const],
  limit,
  owner: self,
  leaseMs: 60_000,
  partition: { self, members } satisfies ClaimPartition,
});

/**
 * What several instances need of the stores (src/cluster): claims that respect the chat
 * partition (the SQL agrees with src/cluster/partition.ts), claims of members that left freed at
 * once, leases for the inbound connections, inbound deliveries taken once. Run on every store.
 */
export function clusterContract(
  name: string,
  open: () => Promise<Stores>,
  /** Stores of another instance on the same database (SQLite in one process: the same object). */
  peer: (stores: Stores) => Stores = (stores) => stores,
): void {
  describe(`${name} stores: several instances`, () => {
    let stores: Stores;
    const peers: Stores[] = [];
    beforeEach(async () => {
      stores = await open();
      await stores.migrate();
    });
    afterEach(async () => {
      for (const other of peers.splice(0)) if (other !== stores) await other.close();
      await stores.close();
    });
    const another = () => {
      const other = peer(stores);
      peers.push(other);
      return other;
    };

    it('claims only the chats an instance owns, as src/cluster/partition.ts computes them, and every chat once', async () => {
      await stores.ledger.apply(inserting(CHATS.map((c) => postTo(c, 100))), 0);
      const taken = new Map<string, string>();
      for (const self of MEMBERS) {
        for (const row of await stores.ledger.claim(claimIn(self, 200))) {
          expect(chatOwner(MEMBERS, 'telegram', row.chatId)).toBe(self);
          expect(taken.has(row.key)).toBe(false);
          taken.set(row.key, self);
        }
      }
      expect(taken.size).toBe(CHATS.length);
      expect(new Set(taken.values()).size).toBe(3);
    });

    it("wakes an instance for its own chats' rows only", async () => {
      const mine = CHATS.filter((c) => chatOwner(MEMBERS, 'telegram', c) === 'herald-1');
      const theirs = CHATS.filter((c) => chatOwner(MEMBERS, 'telegram', c) !== 'herald-1');
      await stores.ledger.apply(
        inserting([postTo(theirs[0] ?? '', 100), postTo(mine[0] ?? '', 500), postTo(mine[1] ?? '', 700)]),
        0,
      );
      const self: ClaimPartition = { self: 'herald-1', members: MEMBERS };
      expect(await stores.ledger.nextWake(['telegram'], self)).toBe(500);
      expect(await stores.ledger.nextWake(['telegram'])).toBe(100);
      expect(await stores.ledger.nextWake(['telegram'], { self: 'herald-1', members: ['herald-1'] })).toBe(
        100,
      );
    });

    it("frees a member's claims at once when it leaves the members, and never a live member's before its lease ends", async () => {
      await stores.ledger.apply(inserting(CHATS.map((c) => postTo(c, 100))), 0);
      const held = await stores.ledger.claim(claimIn('herald-2', 200));
      expect(held.length).toBeGreaterThan(0);
      for (const self of ['herald-1', 'herald-3'])
        expect(await stores.ledger.claim(claimIn(self, 300))).not.toEqual([]);
      // herald-2 is alive and its lease runs: its rows stay its own.
      expect(await stores.ledger.claim(claimIn('herald-1', 400))).toEqual([]);
      expect(
        await stores.ledger.nextWake(['telegram'], { self: 'herald-1', members: MEMBERS }),
      ).toBeUndefined();
      // herald-2 died: the survivors split its chats at once, its lease notwithstanding.
      const survivors = ['herald-1', 'herald-3'];
      const wake = await stores.ledger.nextWake(['telegram'], { self: 'herald-1', members: survivors });
      expect(wake).toBeLessThanOrEqual(500); // now: its rows are free
      const retaken = [
        ...(await stores.ledger.claim(claimIn('herald-1', 500, survivors))),
        ...(await stores.ledger.claim(claimIn('herald-3', 500, survivors))),
      ];
      expect(retaken.map((r) => r.key).sort()).toEqual(held.map((r) => r.key).sort());
      for (const row of retaken) expect(row.leaseOwner).toBe(chatOwner(survivors, 'telegram', row.chatId));
      // The dead member can settle nothing it held.
      const first = held[0];
      if (first)
        expect(await stores.ledger.settle(first.key, 'herald-2', 600, { status: 'sent', late: false })).toBe(
          false,
        );
    });

    it('lets one holder lead an inbound connection; another takes it once the holder resigns or is gone', async () => {
      const one = stores.coordination;
      const two = another().coordination;
      const threeStores = another();
      const three = threeStores.coordination;
      expect(await one.lead('telegram:poller', 'herald-1', 1_000, 5_000)).toBe(true);
      expect(await two.lead('telegram:poller', 'herald-2', 1_500, 5_000)).toBe(false);
      expect(await one.lead('telegram:poller', 'herald-1', 2_000, 5_000)).toBe(true);
      expect(await two.lead('discord:gateway', 'herald-2', 2_000, 5_000)).toBe(true);
      expect((await one.leaders(2_500)).map((l) => `${l.name} ${l.holder}`)).toEqual([
        'discord:gateway herald-2',
        'telegram:poller herald-1',
      ]);
      await two.resign('telegram:poller', 'herald-2'); // not its own: nothing happens
      expect(await three.lead('telegram:poller', 'herald-3', 3_000, 5_000)).toBe(false);
      await one.resign('telegram:poller', 'herald-1');
      expect(await three.lead('telegram:poller', 'herald-3', 3_100, 5_000)).toBe(true);
      expect(await one.lead('telegram:poller', 'herald-1', 3_200, 5_000)).toBe(false);
      // herald-3 goes away without resigning: the lease is free once it ran out (PostgreSQL: at
      // once, its session ended).
      if (threeStores !== stores) await threeStores.close();
      expect(await one.lead('telegram:poller', 'herald-1', 3_100 + 5_000, 5_000)).toBe(true);
    });

    it('shares a platform’s chats only among the members that run it, and remembers who runs what', async () => {
      await stores.coordination.announce('herald-1', ['telegram', 'discord']);
      await stores.coordination.announce('herald-2', ['discord']);
      await stores.coordination.announce('herald-2', ['telegram']);
      expect(await stores.coordination.platforms()).toEqual(
        new Map([
          ['herald-1', ['discord', 'telegram']],
          ['herald-2', ['telegram']],
        ]),
      );
      await stores.ledger.apply(inserting(CHATS.map((c) => postTo(c, 100))), 0);
      // herald-3 is alive but runs no Telegram: herald-1 and herald-2 share every Telegram chat.
      const byPlatform = { telegram: ['herald-1', 'herald-2'] };
      const taken = [
        ...(await stores.ledger.claim({
          ...claimIn('herald-1', 200),
          partition: { self: 'herald-1', members: MEMBERS, byPlatform },
        })),
        ...(await stores.ledger.claim({
          ...claimIn('herald-2', 200),
          partition: { self: 'herald-2', members: MEMBERS, byPlatform },
        })),
      ];
      expect(taken).toHaveLength(CHATS.length);
      for (const row of taken)
        expect(row.leaseOwner).toBe(chatOwner(byPlatform.telegram, 'telegram', row.chatId));
    });

    it('takes an inbound delivery once, and forgets it after the time it is kept', async () => {
      const { coordination } = stores;
      expect(await coordination.firstDelivery('telegram:41', 1_000, 10_000)).toBe(true);
      expect(await coordination.firstDelivery('telegram:41', 1_001, 10_000)).toBe(false);
      expect(await coordination.firstDelivery('telegram:42', 1_002, 10_000)).toBe(true);
      expect(await coordination.firstDelivery('telegram:41', 20_000, 10_000)).toBe(true);
    });
  });
}
