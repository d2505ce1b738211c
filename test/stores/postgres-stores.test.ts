import { describe } from 'vitest';
import { PostgresStores } from '../../src/stores/postgres/postgres-stores.js';
import { usePostgres } from '../support/postgres.js';
import { clusterContract } from './cluster-contract.js';
import { eventQueriesContract } from './event-queries-contract.js';
import { storesContract } from './stores-contract.js';

const postgres = usePostgres();

// Every statement is a round trip to the server: the seeded runs take seconds, not milliseconds.
describe('PostgreSQL', { timeout: 120_000 }, () => {
  storesContract('PostgreSQL', async () => postgres.db().stores());
  eventQueriesContract('PostgreSQL', async () => postgres.db().stores());
  // The same answers when a chat's launches are found by walking the start index, whatever they are.
  eventQueriesContract('PostgreSQL (follows walked)', async () =>
    postgres.db().stores({ narrowFollows: -1 }),
  );
  clusterContract(
    'PostgreSQL',
    async () => postgres.db().stores(),
    (stores) => {
      const { db } = stores as PostgresStores;
      return new PostgresStores(db.url, { ...(db.schema ? { schema: db.schema } : {}), max: 2 });
    },
  );
});
