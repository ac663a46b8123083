import { WarehouseError } from '../errors.js';

/** What a driver reports about a failed statement (pg, PGlite and Redshift share PostgreSQL's fields). */
export interface DriverFailure {
  message: string;
  code?: string;
  detail?: string;
  hint?: string;
}

/** A refused statement as one line: the server's message, its detail, and the statement's first words. */
export function statementError(failure: DriverFailure, sql: string, cause?: unknown): WarehouseError {
  const parts = [failure.message];
  if (failure.detail) parts.push(failure.detail);
  if (failure.hint) parts.push(`hint: ${failure.hint}`);
  const head = sql.replace(/\s+/g, ' ').trim();
  const shown = head.length > 80 ? `${head.slice(0, 77)}...` : head;
  return new WarehouseError(titleFor(failure.code), `${parts.join('; ')} (in: ${shown})`, { cause: cause ?? failure });
}

function titleFor(code: string | undefined): string {
  if (!code) return 'Statement failed';
  if (code === '42P01') return 'Table missing';
  if (code.startsWith('42')) return 'SQL error';
  if (code.startsWith('22')) return 'Bad data value';
  if (code.startsWith('23')) return 'Constraint violated';
  if (code === '57014') return 'Statement cancelled';
  if (code === '53100') return 'Disk full';
  if (code.startsWith('08')) return 'Connection lost';
  return 'Statement failed';
}
