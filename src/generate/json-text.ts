/**
 * JSON text in the two dialects of the real data: song files were written by Python's json.dumps (non-ASCII as
 * \uXXXX, ", " and ": " separators, floats always with a fraction) and the logs by a Java-style writer (also
 * \/ for slashes, compact). Both parse to the same values as plain JSON.stringify output; matching the bytes
 * keeps the generated files a faithful stand-in for the real ones.
 */

const NON_ASCII = /[\u0080-\uffff]/g;

function escapeNonAscii(json: string): string {
  return json.replace(NON_ASCII, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/** A JSON string literal as Python's json.dumps writes it. */
export function pyString(value: string): string {
  return escapeNonAscii(JSON.stringify(value));
}

/** A JSON string literal as the event logs write it. */
export function logString(value: string): string {
  return pyString(value).replace(/\//g, '\\/');
}

/** A float as Python's repr writes it: 200 -> "200.0", so a float column never looks like an integer. */
export function pyFloat(value: number): string {
  return Number.isInteger(value) ? `${value}.0` : String(value);
}

/** `x` rounded to 5 decimals, the precision of the real coordinates and durations. */
export function round5(x: number): number {
  return Math.round(x * 1e5) / 1e5;
}

/** The 18 keys of an event, in the order of the real logs and of log_json_path.json. */
const EVENT_KEYS = [
  'artist', 'auth', 'firstName', 'gender', 'itemInSession', 'lastName', 'length', 'level', 'location', 'method',
  'page', 'registration', 'sessionId', 'song', 'status', 'ts', 'userAgent', 'userId',
] as const;

/** log_json_path.json, formatted like the published one (4-space indent, no final newline). */
export function jsonPathsText(): string {
  return JSON.stringify({ jsonpaths: EVENT_KEYS.map((key) => `$['${key}']`) }, null, 4);
}
