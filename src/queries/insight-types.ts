/**
 * A saved insight is data: the question it answers, SQL that runs unchanged on PostgreSQL, PGlite and
 * Redshift, and typed parameters bound as `$1..$n` in the order they are listed (never spliced into the text).
 */
export type ParamType = 'integer' | 'date' | 'text' | 'level';

export interface InsightParam {
  name: string;
  type: ParamType;
  /**
   * The value when none is given. For a `date`, `''` means "no bound" and binds NULL; dates are otherwise
   * `YYYY-MM-DD`. For `text`, `''` is a real value (the SQL decides what it means, e.g. "any").
   */
  default: string | number;
  description: string;
  /** The only values accepted (`level` is always all, free or paid). */
  choices?: readonly string[];
  /** For `integer`: the smallest value accepted; default 1. */
  min?: number;
  /** For `integer`: the largest value accepted; default 100000. */
  max?: number;
}

export interface Insight {
  id: string;
  title: string;
  question: string;
  sql: string;
  params: readonly InsightParam[];
  /** Which result column labels a bar and which gives its length; absent when a chart would not help. */
  chart?: { label: string; value: string };
}
