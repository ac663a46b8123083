/**
 * Secrets in text that is about to be shown or kept: found by the structure that holds them (a URL's userinfo, the
 * literal after a credentials keyword), never by searching for their text, which would garble ordinary words that
 * happen to equal a password and so reveal it.
 */

/**
 * A database URL with its password removed, whatever the password holds: everything between the user and the last
 * `@` goes. Not by parsing: a password with `/`, `@` or `#` left unencoded makes a URL parser read part of it as the
 * host or the fragment, and that part would be shown.
 */
export function urlWithoutPassword(text: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*:\/\/)/i.exec(text);
  const rest = scheme ? text.slice(scheme[0].length) : text;
  const at = rest.lastIndexOf('@');
  if (at < 0) return text;
  const user = rest.slice(0, at).split(':')[0] ?? '';
  return `${scheme?.[0] ?? ''}${user}@${rest.slice(at + 1)}`;
}

/** Keywords whose following literal is a secret, in the SQL of PostgreSQL and Redshift (COPY, UNLOAD, roles). */
const SECRET_OPTIONS = /\b(PASSWORD|CREDENTIALS|ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|MASTER_SYMMETRIC_KEY)(\s+(?:AS\s+)?)('(?:[^']|'')*'|"(?:[^"]|"")*"|\$\$[\s\S]*?\$\$|md5\w+)/gi;

/** True when a statement carries a credential in a literal (it is then kept only masked). */
export function holdsCredentials(sql: string): boolean {
  SECRET_OPTIONS.lastIndex = 0;
  return SECRET_OPTIONS.test(sql);
}

/** The statement with every credential literal replaced by `'****'`; the rest of the text is left as it is. */
export function maskSqlSecrets(sql: string): string {
  return sql.replace(SECRET_OPTIONS, (_match, keyword: string, gap: string) => `${keyword}${gap}'****'`);
}
