// How JSON values go into and come out of TEXT columns. Runs in Node.

/** JSON text for a value; `undefined` (which JSON.stringify drops) is stored as null. */
export function toJson(value: unknown): string {
  return JSON.stringify(value) ?? 'null'
}

export function fromJson(text: string): unknown {
  return JSON.parse(text) as unknown
}
