import type { Database } from './database';

/**
 * A statement built and prepared once per database, then only executed: the fixed reads every
 * request makes skip drizzle's query building, and PostgreSQL parses each once per connection (a
 * named statement). A transaction is a database of its own here: it prepares its own copy.
 */
export function preparedPer<T>(prepare: (db: Database) => T): (db: Database) => T {
  const prepared = new WeakMap<Database, T>();
  return (db) => {
    let statement = prepared.get(db);
    if (statement === undefined) {
      statement = prepare(db);
      prepared.set(db, statement);
    }
    return statement;
  };
}
