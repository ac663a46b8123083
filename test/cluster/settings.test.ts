import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clusterSettings } from '../../src/cluster/settings.js';
import { estimateCost } from '../../src/cluster/prices.js';
import { loadConfig } from '../../src/config/dwh-cfg.js';
import { ConfigError } from '../../src/errors.js';
import { tempDir } from '../helpers/paths.js';

const t = tempDir();
afterAll(() => t.cleanup());
let n = 0;

function settingsOf(text: string, purpose: 'manage' | 'create' = 'manage') {
  const file = join(t.dir, `s${++n}.cfg`);
  writeFileSync(file, text);
  return clusterSettings(loadConfig(file, { required: true, env: {} }), purpose);
}

function failure(text: string, purpose: 'manage' | 'create' = 'manage'): string {
  try {
    settingsOf(text, purpose);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message.replace(/\S*\/s\d+\.cfg/, '<file>');
  }
  throw new Error('expected a ConfigError');
}

describe('[DWH] settings', () => {
  it('reads the section with its fallbacks and defaults', () => {
    const s = settingsOf(
      '[CLUSTER]\nDB_NAME = dev\nDB_USER = awsuser\n[IAM_ROLE]\nARN = arn:aws:iam::123456789012:role/dwhRole\n' +
        '[DWH]\nCLUSTER_IDENTIFIER = sparkify-dwh\nNODE_TYPE = ra3.xlplus\nNUM_NODES = 2\nREGION = eu-west-1\nPOLL_SECONDS = 0.05\n',
      'create',
    );
    expect(s).toEqual({
      identifier: 'sparkify-dwh',
      nodeType: 'ra3.xlplus',
      nodes: 2,
      dbName: 'dev',
      dbUser: 'awsuser',
      port: 5439,
      iamRoleArn: 'arn:aws:iam::123456789012:role/dwhRole',
      region: 'eu-west-1',
      publiclyAccessible: false,
      securityGroupIds: [],
      pollSeconds: 0.05,
      waitMinutes: 45,
    });
    const own = settingsOf('[DWH]\nCLUSTER_IDENTIFIER = c1\nDB_NAME = wh\nDB_USER = etl\nIAM_ROLE_ARN = arn:aws:iam::123456789012:role/own\nPUBLICLY_ACCESSIBLE = yes\nVPC_SECURITY_GROUP_IDS = sg-0a1, sg-0b2\n');
    expect(own).toMatchObject({ dbName: 'wh', dbUser: 'etl', iamRoleArn: 'arn:aws:iam::123456789012:role/own', publiclyAccessible: true, securityGroupIds: ['sg-0a1', 'sg-0b2'], region: 'us-west-2' });
  });

  it('fails with one line naming file, line, section, key and value', () => {
    expect(failure('[DWH]\n')).toBe('[DWH] CLUSTER_IDENTIFIER is not set: name the cluster to manage');
    expect(failure('[DWH]\nCLUSTER_IDENTIFIER = Sparkify_DWH\n')).toBe(
      '<file>:2: [DWH] CLUSTER_IDENTIFIER = "Sparkify_DWH" is not a cluster identifier (1-63 lowercase letters, digits and single hyphens, starting with a letter)',
    );
    expect(failure('[DWH]\nCLUSTER_IDENTIFIER = a--b\n')).toMatch(/CLUSTER_IDENTIFIER = "a--b" is not a cluster identifier/);
    expect(failure('[DWH]\nCLUSTER_IDENTIFIER = dwh-\n')).toBe('<file>:2: [DWH] CLUSTER_IDENTIFIER = "dwh-" must not end with a hyphen');
    expect(failure('[DWH]\nCLUSTER_IDENTIFIER = dwh\nNODE_TYPE = large\n')).toBe(
      '<file>:3: [DWH] NODE_TYPE = "large" is not a Redshift node type (e.g. ra3.xlplus, ra3.4xlarge, dc2.large)',
    );
    expect(failure('[DWH]\nCLUSTER_IDENTIFIER = dwh\nNUM_NODES = two\n')).toBe('<file>:3: [DWH] NUM_NODES = "two" is not a number of nodes (1-128)');
    expect(failure('[DWH]\nCLUSTER_IDENTIFIER = dwh\nNUM_NODES = 0\n')).toMatch(/NUM_NODES = "0" is not a number of nodes/);
    expect(failure('[DWH]\nCLUSTER_IDENTIFIER = dwh\nIAM_ROLE_ARN = dwhRole\n')).toBe(
      '<file>:3: [DWH] IAM_ROLE_ARN = "dwhRole" is not an IAM role ARN (arn:aws:iam::123456789012:role/name)',
    );
    expect(failure('[IAM_ROLE]\nARN = arn:aws:iam::1:role/x\n[DWH]\nCLUSTER_IDENTIFIER = dwh\n')).toBe(
      '<file>:2: [IAM_ROLE] ARN = "arn:aws:iam::1:role/x" is not an IAM role ARN (arn:aws:iam::123456789012:role/name)',
    );
    expect(failure('[DWH]\nCLUSTER_IDENTIFIER = dwh\nREGION = oregon\n')).toBe('<file>:3: [DWH] REGION = "oregon" is not an AWS region (e.g. us-west-2)');
    expect(failure('[DWH]\nCLUSTER_IDENTIFIER = dwh\nPOLL_SECONDS = 0\n')).toMatch(/POLL_SECONDS = "0" is not a delay in seconds/);
    expect(failure('[DWH]\nCLUSTER_IDENTIFIER = dwh\nDB_USER = Bad User\n')).toMatch(/\[DWH\] DB_USER = "Bad User" is not a Redshift user name/);
    expect(failure('[DWH]\nCLUSTER_IDENTIFIER = dwh\nPUBLICLY_ACCESSIBLE = maybe\n')).toMatch(/PUBLICLY_ACCESSIBLE = "maybe" is not true or false$/);
    expect(failure('[DWH]\nCLUSTER_IDENTIFIER = dwh\nVPC_SECURITY_GROUP_IDS = default\n')).toMatch(/is not a comma-separated list of security group ids/);
  });

  it('follows CreateCluster: retired ds2 nodes, RA3 port ranges, master user names, the region of the endpoint', () => {
    expect(failure('[DWH]\nCLUSTER_IDENTIFIER = dwh\nNODE_TYPE = ds2.xlarge\n')).toBe('<file>:3: [DWH] NODE_TYPE = "ds2.xlarge" is a retired node type; choose an ra3 node type (e.g. ra3.large, ra3.xlplus)');
    expect(settingsOf('[DWH]\nCLUSTER_IDENTIFIER = dwh\nNODE_TYPE = ra3.large\nPORT = 8200\n').port).toBe(8200);
    expect(settingsOf('[DWH]\nCLUSTER_IDENTIFIER = dwh\nNODE_TYPE = ra3.xlplus\n').port).toBe(5439);
    expect(failure('[DWH]\nCLUSTER_IDENTIFIER = dwh\nNODE_TYPE = ra3.xlplus\nPORT = 6000\n')).toBe('<file>:4: [DWH] PORT = "6000" is not a port an ra3.xlplus cluster accepts (5431-5455 or 8191-8215)');
    expect(settingsOf('[DWH]\nCLUSTER_IDENTIFIER = dwh\nNODE_TYPE = dc2.large\nPORT = 6000\n').port).toBe(6000);
    expect(settingsOf('[DWH]\nCLUSTER_IDENTIFIER = dwh\nDB_USER = etl.bot@team-1\n').dbUser).toBe('etl.bot@team-1');
    expect(failure('[DWH]\nCLUSTER_IDENTIFIER = dwh\nDB_USER = public\n')).toBe('<file>:3: [DWH] DB_USER = "public" cannot be PUBLIC');
    expect(failure('[DWH]\nCLUSTER_IDENTIFIER = dwh\nDB_USER = _etl\n')).toMatch(/DB_USER = "_etl" is not a Redshift user name \(a letter, then/);
    // No [DWH] REGION: the region of the endpoint in [CLUSTER] HOST, never the input bucket's [S3] REGION.
    const host = '[CLUSTER]\nHOST = dwh.c1a2b3.eu-central-1.redshift.amazonaws.com\n[S3]\nREGION = us-west-2\n[DWH]\nCLUSTER_IDENTIFIER = dwh\n';
    expect(settingsOf(host).region).toBe('eu-central-1');
    expect(settingsOf('[S3]\nREGION = ap-south-1\n[DWH]\nCLUSTER_IDENTIFIER = dwh\n').region).toBe('us-west-2');
  });

  it('needs node type and count only to create', () => {
    expect(settingsOf('[DWH]\nCLUSTER_IDENTIFIER = dwh\n').nodeType).toBeUndefined();
    expect(failure('[DWH]\nCLUSTER_IDENTIFIER = dwh\n', 'create')).toBe('[DWH] NODE_TYPE is not set: choose a node type to create the cluster (e.g. ra3.xlplus)');
    expect(failure('[DWH]\nCLUSTER_IDENTIFIER = dwh\nNODE_TYPE = dc2.large\n', 'create')).toBe('[DWH] NUM_NODES is not set: choose how many nodes to create');
  });
});

describe('hourly cost estimate', () => {
  it('multiplies the documented price per node by the nodes', () => {
    expect(estimateCost('ra3.xlplus', 2)).toEqual({
      perHour: 2.172,
      perNodeHour: 1.086,
      text: '~$2.172/hour (2 × ra3.xlplus at $1.086, us-west-2 on-demand prices of 2024-06)',
    });
    expect(estimateCost('dc2.large', 4).text).toBe('~$1.00/hour (4 × dc2.large at $0.25, us-west-2 on-demand prices of 2024-06)');
    expect(estimateCost('ra3.16xlarge', 2).perHour).toBe(26.08);
    expect(estimateCost('ra3.4xlarge', 2, 'paused')).toEqual({
      perHour: 0,
      perNodeHour: 3.26,
      text: '$0/hour of compute while paused (storage is still billed); ~$6.52/hour when running',
    });
    expect(estimateCost('ds2.xlarge', 1)).toEqual({ text: 'no price for ds2.xlarge in the price table (us-west-2 on-demand prices of 2024-06)' });
  });
});
