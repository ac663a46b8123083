import { RPU_HOUR_USD } from '../../cluster/prices.js';
import type { Queryable } from '../../warehouse/warehouse.js';

/**
 * What the workgroup was charged in the last 24 hours: SYS_SERVERLESS_USAGE's charged_seconds are RPU-seconds (the
 * minimum charge included), counted once each transaction has ended; the view keeps 7 days and shows itself to
 * superusers only. https://docs.aws.amazon.com/redshift/latest/dg/SYS_SERVERLESS_USAGE.html
 */
export const SERVERLESS_USAGE_SQL =
  'SELECT COALESCE(SUM(charged_seconds), 0) AS charged FROM sys_serverless_usage WHERE start_time >= DATEADD(hour, -24, GETDATE())';

/** One line for `sparkify status`: RPU-hours and their cost, or why they cannot be read. */
export async function serverlessUsage(warehouse: Queryable): Promise<string> {
  try {
    const charged = Number((await warehouse.query<{ charged: unknown }>(SERVERLESS_USAGE_SQL)).rows[0]?.charged ?? 0);
    const hours = charged / 3600;
    return `usage    ${hours.toFixed(2)} RPU-hours charged in the last 24 h (~$${(hours * RPU_HOUR_USD).toFixed(2)} at $${RPU_HOUR_USD} per RPU-hour), from SYS_SERVERLESS_USAGE`;
  } catch {
    return 'usage    not shown: SYS_SERVERLESS_USAGE shows itself to superusers only';
  }
}
