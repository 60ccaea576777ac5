/**
 * Reading the wire: how JSON from the backend becomes values the contract's schemas check.
 *
 * The reference ChatKit server never writes `null` (it serializes with `exclude_none=True`: an unset
 * field is absent); other servers write `null` for the same thing. Both mean "unset", so the reader
 * drops every `null` member of an object before any schema sees it. `null` inside an array is kept
 * (the protocol has none; a schema then reports it).
 */

function dropNulls(this: unknown, _key: string, value: unknown): unknown {
  // A reviver that returns undefined deletes the member from its object.
  return value === null && !Array.isArray(this) ? undefined : value;
}

/** `JSON.parse` where a `null` member of an object is the same as an absent one. */
export function parseJson(text: string): unknown {
  return JSON.parse(text, dropNulls);
}

/** Reads a response body as JSON the way `parseJson` does. */
export async function readJson(response: Response): Promise<unknown> {
  return parseJson(await response.text());
}
