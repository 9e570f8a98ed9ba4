// V8 makes a substring of 13 characters or more a view of its parent string. A household or ID
// number kept from a row would then keep the whole chunk of file text it was cut from alive: one
// number per chunk is enough to hold the whole file in memory. Values kept across chunks are
// copied first.

/** A copy of `s` that shares no storage with the text it was cut from. */
export function ownCopy(s: string): string {
  // Concatenation makes a new string; slicing it flattens that string and no longer refers to s.
  return s.length < 13 ? s : `${s} `.slice(0, -1);
}
