/** What a free SQL statement is (the query screen, `sql`, notebooks): whether it may change data, whether it returns rows. */
export interface SqlKind {
  /** The first keyword, upper-case (SELECT, INSERT, …), or '' for an empty statement. */
  keyword: string;
  /** Not a SELECT / WITH / SHOW / EXPLAIN / VALUES / TABLE: asks before running. */
  changesData: boolean;
  /** Rows can be read through a cursor (SELECT, WITH): read in batches, exportable. */
  streamable: boolean;
}

const READ_ONLY = new Set(['SELECT', 'WITH', 'SHOW', 'EXPLAIN', 'VALUES', 'TABLE']);
// Not VALUES or TABLE: Redshift's DECLARE takes a SELECT only (https://docs.aws.amazon.com/redshift/latest/dg/declare.html),
// so they run as plain statements on every engine (Redshift answers them with its own error).
const STREAMABLE = new Set(['SELECT', 'WITH']);

export function sqlKind(sql: string): SqlKind {
  const keyword = /^[\s(]*([a-z]+)/i.exec(stripComments(sql))?.[1]?.toUpperCase() ?? '';
  // A WITH can end in INSERT, UPDATE or DELETE (a data-modifying CTE): that one asks too.
  const writingCte = keyword === 'WITH' && /\b(insert|update|delete|merge|truncate|drop|alter|create)\b/i.test(withoutCommentsAndText(sql));
  return {
    keyword,
    changesData: keyword !== '' && (!READ_ONLY.has(keyword) || writingCte),
    streamable: STREAMABLE.has(keyword) && !writingCte,
  };
}

/** Leading `-- line` and `/* block *\/` comments, which may precede the keyword. */
function stripComments(sql: string): string {
  let text = sql.trimStart();
  for (;;) {
    if (text.startsWith('--')) text = text.slice(text.indexOf('\n') === -1 ? text.length : text.indexOf('\n') + 1).trimStart();
    else if (text.startsWith('/*')) text = text.slice(text.indexOf('*/') === -1 ? text.length : text.indexOf('*/') + 2).trimStart();
    else return text;
  }
}

/** The statement with its comments and quoted texts blanked out: a word in them is not a keyword. */
export function withoutCommentsAndText(sql: string): string {
  return sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^']|'')*'|"(?:[^"]|"")*"/g, ' ');
}
