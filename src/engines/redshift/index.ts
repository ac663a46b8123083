import { ConfigError } from '../../errors.js';
import { STAGING_TABLES } from '../../sql/tables.js';
import type { EngineModule } from '../engine.js';
import { describeServer, PG_DEFAULTS } from '../postgres/pg-settings.js';
import { copyPlan, redshiftStagePlan } from './copy-sql.js';
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
  describeTarget: (config) => describeServer('redshift', config, PG_DEFAULTS.redshift),
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
    return [...(await checkCopyRole(config, role)), ...(await resolveBucketRegions(config))];
  },
  stage: {
    async run(ctx, table) {
      return (await import('./stage-step.js')).runRedshiftStage(ctx, table);
    },
    plan: redshiftStagePlan,
  },
};
