import { CompiledQuery, type Compilable, type DialectAdapter, type Kysely, type QueryResult, type Transaction } from 'kysely';
import type { Database } from './schema.js';

/** Stands for a named value while the query is compiled, to find where its parameter goes. */
class Slot {
  constructor(readonly name: string) {}
}

interface Template {
  sql: string;
  /** Per parameter: the name of the value that fills it, or a constant of the query itself. */
  parameters: Array<{ name: string } | { constant: unknown }>;
}

/**
 * A query that Kysely builds and compiles once per dialect and then runs with new values: a
 * hot path's few queries were ~9% of the server's CPU under chat load, most of it Kysely
 * building and compiling the same query anew each time. `build` gets a stand-in for each named
 * value and must not branch on them (its SQL is the same whatever the values).
 */
export function compiledOnce<Values extends Record<string, unknown>, Row>(build: (db: Kysely<Database>, values: Values) => Compilable<Row>) {
  const templates = new WeakMap<DialectAdapter, Template>();
  return (db: Kysely<Database> | Transaction<Database>, values: Values): Promise<QueryResult<Row>> => {
    const adapter = db.getExecutor().adapter;
    let template = templates.get(adapter);
    if (!template) {
      const slots = new Proxy({}, { get: (_, name) => new Slot(String(name)) }) as Values;
      const compiled = build(db, slots).compile();
      template = { sql: compiled.sql, parameters: compiled.parameters.map((p) => (p instanceof Slot ? { name: p.name } : { constant: p })) };
      templates.set(adapter, template);
    }
    const parameters = template.parameters.map((p) => ('name' in p ? values[p.name] : p.constant));
    return db.executeQuery(CompiledQuery.raw(template.sql, parameters) as CompiledQuery<Row>);
  };
}
