/**
 * On-demand prices of Redshift provisioned nodes, in USD per node-hour, for us-west-2 (Oregon), which has the
 * same prices as us-east-1. Source: https://aws.amazon.com/redshift/pricing/ (on-demand, provisioned), as
 * published in June 2024:
 *
 *   dc2.large      0.25     (160 GB SSD per node, storage included)
 *   dc2.8xlarge    4.80     (2.56 TB SSD per node, storage included)
 *   ra3.xlplus     1.086    (+ managed storage, 0.024 per GB-month)
 *   ra3.4xlarge    3.26     (+ managed storage)
 *   ra3.16xlarge  13.04     (+ managed storage)
 *
 * Other regions cost up to ~30% more, reserved nodes less; the estimate says which table it used. A paused
 * cluster bills no compute (RA3 managed storage and snapshots are still billed).
 */
export const PRICE_TABLE = {
  region: 'us-west-2',
  asOf: '2024-06',
  perNodeHour: {
    'dc2.large': 0.25,
    'dc2.8xlarge': 4.8,
    'ra3.xlplus': 1.086,
    'ra3.4xlarge': 3.26,
    'ra3.16xlarge': 13.04,
  } as Readonly<Record<string, number>>,
} as const;

/** What a cluster costs per hour while it runs, as far as the table knows. */
export interface CostEstimate {
  /** USD per hour for the whole cluster, or undefined when the node type is not in the table. */
  perHour?: number;
  perNodeHour?: number;
  /** One line for people, e.g. "~$2.17/hour (2 × ra3.xlplus at $1.086, us-west-2 on-demand prices of 2024-06)". */
  text: string;
}

/** Hourly on-demand cost of `nodes` nodes of `nodeType`; 0 compute while paused. */
export function estimateCost(nodeType: string, nodes: number, state?: string): CostEstimate {
  const price = PRICE_TABLE.perNodeHour[nodeType];
  const basis = `${PRICE_TABLE.region} on-demand prices of ${PRICE_TABLE.asOf}`;
  if (price === undefined) return { text: `no price for ${nodeType} in the price table (${basis})` };
  if (state === 'paused') return { perHour: 0, perNodeHour: price, text: `$0/hour of compute while paused (storage is still billed); ~${usd(price * nodes)}/hour when running` };
  const perHour = price * nodes;
  return { perHour, perNodeHour: price, text: `~${usd(perHour)}/hour (${nodes} × ${nodeType} at ${usd(price)}, ${basis})` };
}

function usd(amount: number): string {
  return `$${amount < 10 ? amount.toFixed(amount * 100 === Math.round(amount * 100) ? 2 : 3) : amount.toFixed(2)}`;
}

/**
 * Redshift Serverless compute, in USD per RPU-hour, us-west-2 (as us-east-1), from
 * https://aws.amazon.com/redshift/pricing/ (Serverless), as published in June 2024: 0.375. Billed per second while
 * queries run, with a 60-second minimum each time the workgroup becomes active; nothing while idle (managed storage,
 * 0.024 per GB-month, is billed apart).
 */
export const RPU_HOUR_USD = 0.375;

/** What a workgroup costs per hour of activity at its base capacity. */
export function serverlessCost(baseCapacity: number): { perActiveHour: number; text: string } {
  const perActiveHour = baseCapacity * RPU_HOUR_USD;
  return {
    perActiveHour,
    text: `~$${perActiveHour.toFixed(2)} per hour of activity at ${baseCapacity} RPUs ($${RPU_HOUR_USD} per RPU-hour, us-west-2 prices of 2024-06, billed per second, 60 s minimum); $0 while idle`,
  };
}
