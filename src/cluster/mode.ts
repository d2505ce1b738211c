/**
 * Whether this instance coordinates with others on its database: on PostgreSQL by default
 * (the database several hosts share), on SQLite only when asked (processes sharing one file on
 * one host), never when `off`.
 */
export function clusterWanted(setting: 'auto' | 'on' | 'off', databaseUrl: string): boolean {
  if (setting === 'on') return true;
  if (setting === 'off') return false;
  return /^postgres(ql)?:\/\//i.test(databaseUrl);
}
