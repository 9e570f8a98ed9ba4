// Issues kept as JSON (import batches, cross-check runs). Rows written before issues carried an
// English fix have only `fix`: they read with `fixEn` set to the Chinese fix rather than none.

/** The issues in `json`, each object that has a `fix` but no `fixEn` given `fixEn: fix`. */
export function readStoredIssues(json: string): unknown[] {
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed)) return [];
  return parsed.map((i: unknown) => (typeof i === 'object' && i !== null && 'fix' in i && typeof i.fix === 'string' && !('fixEn' in i) ? { ...i, fixEn: i.fix } : i));
}
