/**
 * Drops undefined entries: the RecordStore treats a present key as "set this field", so an option
 * the user left out must be absent for the column default to apply.
 */
export function definedOnly(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
}
