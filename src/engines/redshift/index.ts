import { ConfigError } from '../../errors.js';
import { STAGING_TABLES } from '../../sql/tables.js';
import type { DwhConfig } from '../../config/dwh-cfg.js';
import type { CheckLine } from '../../etl/events.js';
import type { EngineModule } from '../engine.js';
import { describeServer, PG_DEFAULTS } from '../postgres/pg-settings.js';
import { copyPlan, redshiftStagePlan } from './copy-sql.js';
import { isServerless, redshiftConnection } from './connection.js';
import { dataApiTarget, describeDataApiTarget } from './data-api-target.js';
import { redshiftDialect } from './redshift-dialect.js';

/** Amazon Redshift: the cluster COPYs the input from S3 itself; the whole run is one transaction. */
export const redshift: EngineModule = {
  name: 'redshift',
  summary: 'Amazon Redshift ([CLUSTER], temporary credentials of [DWH] CLUSTER_IDENTIFIER), input COPYed from S3 by the cluster',
  dialect: redshiftDialect,
  can: { localDatabase: false, readsS3Itself: true, manageCluster: true },
  urlSchemes: [],
  async open(config) {
    const { RedshiftWarehouse } = await import('./redshift.js');
    return RedshiftWarehouse.open(config);
  },
  describeTarget(config) {
    if (config.settings.text('REDSHIFT TRANSPORT') === 'data-api') {
      try {
        return describeDataApiTarget(dataApiTarget(config));
      } catch {
        return 'redshift data-api (needs [DWH] CLUSTER_IDENTIFIER or WORKGROUP)';
      }
    }
    if (!isServerless(config)) return describeServer('redshift', config, PG_DEFAULTS.redshift);
    try {
      return redshiftConnection(config).target;
    } catch {
      return `redshift serverless workgroup ${config.settings.text('DWH WORKGROUP')}`;
    }
  },
  connectTitle: 'Connect to redshift',
  willCreate: () => false,
  // What COPY's text would hold (role, region, S3 locations) is checked before any statement is sent.
  async checkSettings(config) {
    for (const table of STAGING_TABLES) {
      const problem = copyPlan(config, table).problems[0];
      if (problem) throw new ConfigError(problem);
    }
    const [{ resolveBucketRegions }, { checkCopyRole }] = await Promise.all([import('./bucket-region.js'), import('./role-check.js')]);
    const role = copyPlan(config, STAGING_TABLES[0]).iamRole;
    return [...(await checkCopyRole(config, role)), ...(await resolveBucketRegions(config)), ...(await checkLocalWidths(config))];
  },
  async statusLines(warehouse, config) {
    if (!isServerless(config)) return [];
    return [await (await import('./serverless-usage.js')).serverlessUsage(warehouse)];
  },
  async exportToS3(warehouse, config, request) {
    return (await import('./unload.js')).runUnload(warehouse, config, request);
  },
  stage: {
    async run(ctx, table) {
      return (await import('./stage-step.js')).runRedshiftStage(ctx, table);
    },
    plan: redshiftStagePlan,
  },
};

/** Local input's text values against the staging tables' VARCHAR widths (see measureWidths). */
async function checkLocalWidths(config: DwhConfig): Promise<CheckLine[]> {
  const lines: CheckLine[] = [];
  for (const table of STAGING_TABLES) {
    const plan = copyPlan(config, table);
    if (!plan.upload) continue;
    const { measureWidths, stagingMapping, widthVerdict } = await import('./local-input.js');
    const report = await measureWidths(plan.input, table, await stagingMapping(config, table));
    lines.push({ text: widthVerdict(report, config.maxErrors, plan.input), caveat: report.over.length > 0 });
  }
  return lines;
}
