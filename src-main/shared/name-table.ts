// A table of names a learner writes (service names, protocols, ICMP types, chains), read by
// indexing with their text. Pure; runs anywhere.

/**
 * The entries as a frozen object without a prototype: `table["constructor"]` or
 * `table["__proto__"]` is undefined like any unknown word, never what every object inherits.
 */
export function nameTable<T>(entries: Record<string, T>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries))
}
