import type { Database } from "@partnerflow/db";

/**
 * Event types a dispatcher has seen start nothing: no trigger of an active version and no
 * parked run waited for them when it last dispatched one. A dispatch transaction whose
 * inline runs record only such events (a reward, say) keeps quiet about them (migration
 * 0004): they are dispatched with the next pass instead of waking every worker for a pass of
 * their own. Per database, per process. What it learned is forgotten when a version is
 * activated or deactivated (the workflow_triggers notification). A run that parks on one of
 * these types in another process is not seen until this process dispatches the type again:
 * its event then waits for the next pass, at most the poll interval (100 ms by default).
 */
const boring = new WeakMap<Database, Set<string>>();

/** What a dispatch round found about the types of the events it read. */
export function learnInterest(
  database: Database,
  types: Iterable<string>,
  interesting: (type: string) => boolean,
): void {
  let set = boring.get(database);
  if (!set) boring.set(database, (set = new Set()));
  for (const type of types) {
    if (interesting(type)) set.delete(type);
    else set.add(type);
  }
}

/** True when every type is known to start nothing. */
export function allBoring(database: Database, types: Iterable<string>): boolean {
  const set = boring.get(database);
  if (!set) return false;
  for (const type of types) if (!set.has(type)) return false;
  return true;
}

/** Triggers changed: every type may be interesting again. */
export function forgetInterest(database: Database): void {
  boring.delete(database);
}
