import {
  ClusterNotFoundFault,
  CreateClusterCommand,
  DeleteClusterCommand,
  DescribeClustersCommand,
  PauseClusterCommand,
  RedshiftClient,
  ResumeClusterCommand,
} from '@aws-sdk/client-redshift';
import { mockClient } from 'aws-sdk-client-mock';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import type { CliIO } from '../../src/cli/io.js';
import { clusterReply, HOST } from '../helpers/cluster-replies.js';
import { tempDir } from '../helpers/paths.js';

const redshift = mockClient(RedshiftClient);
afterEach(() => redshift.reset());
const t = tempDir();
afterAll(() => t.cleanup());

const PASSWORD = 'Master-Passw0rd';
let cfg: string;
beforeEach(() => {
  cfg = join(t.dir, 'dwh.cfg');
  writeFileSync(
    cfg,
    [
      '[WAREHOUSE]',
      'ENGINE = redshift',
      '',
      '[CLUSTER]',
      '# filled in by sparkify cluster create',
      'HOST =',
      'DB_NAME = sparkify',
      'DB_USER = sparkify',
      `DB_PASSWORD = ${PASSWORD}`,
      'DB_PORT = 5439',
      '',
      '[DWH]',
      'CLUSTER_IDENTIFIER = sparkify-dwh',
      'NODE_TYPE = dc2.large',
      'NUM_NODES = 4',
      'REGION = us-west-2',
      '# short waits for the tests',
      'POLL_SECONDS = 0.001',
      '',
    ].join('\n'),
  );
});

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (s) => void (out += s), err: (s) => void (err += s), color: false, interactive: false, columns: 100 };
  const code = await main(['--config', cfg, ...args], io);
  return { code, out, err };
}

/** The cluster as this file's dwh.cfg describes it: 4 × dc2.large. */
const cluster = (state: string) =>
  clusterReply(state, {
    ClusterAvailabilityStatus: state === 'available' ? 'Available' : state === 'paused' ? 'Paused' : 'Modifying',
    NodeType: 'dc2.large',
    NumberOfNodes: 4,
  });

describe('sparkify cluster', () => {
  it('status: state, endpoint, nodes and the hourly cost estimate', async () => {
    redshift.on(DescribeClustersCommand).resolves(cluster('available'));
    const run = await cli(['cluster', 'status']);
    expect(run).toEqual({
      code: 0,
      err: '',
      out: [
        'cluster   sparkify-dwh',
        'state     available',
        `endpoint  ${HOST}:5439`,
        'nodes     4 × dc2.large',
        'database  sparkify (master user sparkify)',
        'cost      ~$1.00/hour (4 × dc2.large at $0.25, us-west-2 on-demand prices of 2024-06)',
        '',
      ].join('\n'),
    });
    const json = await cli(['cluster', 'status', '--json']);
    expect(JSON.parse(json.out)).toMatchObject({ identifier: 'sparkify-dwh', state: 'available', endpoint: { host: HOST, port: 5439 }, cost: { perHour: 1 } });
  });

  it('reads dwh.cfg once per command: a warning about it is printed once', async () => {
    writeFileSync(cfg, `${readFileSync(cfg, 'utf8')}NODETYPE = dc2.large\n`);
    redshift.on(DescribeClustersCommand).resolves(cluster('available'));
    // Unknown settings are warnings outside CI (in CI they are errors, which stop at the first read).
    const ci = process.env.CI;
    process.env.CI = 'false';
    try {
      for (const args of [['cluster', 'status'], ['cluster', 'pause', '--no-wait']]) {
        const run = await cli(args);
        expect(run.err.match(/warning: .*unknown setting \[DWH\] NODETYPE/g), args.join(' ')).toHaveLength(1);
      }
    } finally {
      if (ci === undefined) delete process.env.CI;
      else process.env.CI = ci;
    }
  });

  it('status of a missing cluster fails with its own message', async () => {
    redshift.on(DescribeClustersCommand).rejects(new ClusterNotFoundFault({ message: 'Cluster sparkify-dwh not found.', $metadata: {} }));
    expect(await cli(['cluster', 'status'])).toEqual({
      code: 1,
      out: '',
      err: 'sparkify: Cluster not found: no cluster sparkify-dwh in us-west-2 (sparkify cluster create makes it)\n',
    });
  });

  it('create: shows the cost, waits with a line per state, writes HOST back, never prints the password', async () => {
    redshift.on(CreateClusterCommand).resolves({});
    redshift.on(DescribeClustersCommand).resolvesOnce(cluster('creating')).resolvesOnce(cluster('creating')).resolves(cluster('available'));
    const run = await cli(['cluster', 'create']);
    expect(run.code).toBe(0);
    expect(run.err.split('\n')).toEqual([
      'creating sparkify-dwh: 4 × dc2.large in us-west-2, ~$1.00/hour (4 × dc2.large at $0.25, us-west-2 on-demand prices of 2024-06)',
      'create sparkify-dwh: creating (0:00)',
      'create sparkify-dwh: done, available (0:00)',
      `${cfg}: [CLUSTER] HOST = ${HOST}, DB_PORT = 5439`,
      '',
    ]);
    expect(run.out).toContain(`endpoint  ${HOST}:5439\n`);
    expect(readFileSync(cfg, 'utf8')).toContain(`# filled in by sparkify cluster create\nHOST = ${HOST}\nDB_NAME = sparkify\n`);
    expect(redshift.commandCalls(CreateClusterCommand)[0]!.args[0].input).toMatchObject({ MasterUserPassword: PASSWORD, NumberOfNodes: 4 });
    expect(run.out + run.err).not.toContain(PASSWORD);
  });

  it('create --no-wait returns once AWS accepted the request and leaves dwh.cfg as it was', async () => {
    const before = readFileSync(cfg, 'utf8');
    redshift.on(CreateClusterCommand).resolves({});
    redshift.on(DescribeClustersCommand).resolves(cluster('creating'));
    const run = await cli(['cluster', 'create', '--no-wait']);
    expect(run.code).toBe(0);
    expect(run.err.split('\n').slice(1)).toEqual(['create sparkify-dwh: creating (0:00)', '']);
    expect(run.out).toContain('state     creating (Modifying)\nendpoint  (none yet)\n');
    expect(redshift.commandCalls(DescribeClustersCommand)).toHaveLength(1);
    expect(readFileSync(cfg, 'utf8')).toBe(before);
  });

  it('pause and resume wait for their state', async () => {
    redshift.on(DescribeClustersCommand).resolvesOnce(cluster('available')).resolvesOnce(cluster('pausing')).resolves(cluster('paused'));
    redshift.on(PauseClusterCommand).resolves({});
    const paused = await cli(['cluster', 'pause']);
    expect(paused.code).toBe(0);
    expect(paused.err).toBe('pause sparkify-dwh: pausing (0:00)\npause sparkify-dwh: done, paused (0:00)\n');
    expect(paused.out).toContain('state     paused\n');
    expect(paused.out).toContain('cost      $0/hour of compute while paused (storage is still billed); ~$1.00/hour when running\n');

    redshift.reset();
    redshift.on(DescribeClustersCommand).resolvesOnce(cluster('paused')).resolvesOnce(cluster('resuming')).resolves(cluster('available'));
    redshift.on(ResumeClusterCommand).resolves({});
    const resumed = await cli(['cluster', 'resume']);
    expect(resumed.code).toBe(0);
    expect(resumed.err).toBe('resume sparkify-dwh: resuming (0:00)\nresume sparkify-dwh: done, available (0:00)\n');
  });

  it('delete asks for --yes without a terminal and says whether a final snapshot is taken', async () => {
    const refused = await cli(['cluster', 'delete']);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/^deleting cluster sparkify-dwh in us-west-2: a final snapshot sparkify-dwh-final-\d{8}-\d{4} is taken first\n/);
    expect(refused.err).toMatch(/sparkify: Configuration error: cluster delete removes sparkify-dwh; pass --yes to confirm when not in a terminal\n$/);
    expect(redshift.commandCalls(DeleteClusterCommand)).toHaveLength(0);

    redshift.on(DeleteClusterCommand).resolves({});
    redshift.on(DescribeClustersCommand).resolvesOnce(cluster('deleting')).rejects(new ClusterNotFoundFault({ message: 'gone', $metadata: {} }));
    const skipped = await cli(['cluster', 'delete', '--yes', '--skip-final-snapshot']);
    expect(skipped).toEqual({
      code: 0,
      err: [
        'deleting cluster sparkify-dwh in us-west-2: no final snapshot is taken: its data is lost for good',
        'delete sparkify-dwh: deleting (0:00)',
        'delete sparkify-dwh: done, deleted (0:00)',
        '',
      ].join('\n'),
      out: 'cluster sparkify-dwh is deleted; no final snapshot\n',
    });
    expect(redshift.commandCalls(DeleteClusterCommand)[0]!.args[0].input).toEqual({ ClusterIdentifier: 'sparkify-dwh', SkipFinalClusterSnapshot: true });

    redshift.reset();
    redshift.on(DeleteClusterCommand).resolves({});
    const named = await cli(['cluster', 'delete', '--yes', '--final-snapshot', 'before-teardown', '--no-wait']);
    expect(named.out).toBe('cluster sparkify-dwh is being deleted; final snapshot: before-teardown\n');
    expect(redshift.commandCalls(DeleteClusterCommand)[0]!.args[0].input).toEqual({
      ClusterIdentifier: 'sparkify-dwh',
      SkipFinalClusterSnapshot: false,
      FinalClusterSnapshotIdentifier: 'before-teardown',
    });
    const both = await cli(['cluster', 'delete', '--yes', '--final-snapshot', 'x', '--skip-final-snapshot']);
    expect(both.code).toBe(2);
    expect(both.err).toBe('sparkify: Configuration error: --final-snapshot and --skip-final-snapshot exclude each other\n');
  });

  it('a bad [DWH] setting is a one-line configuration error, exit 2', async () => {
    writeFileSync(cfg, '[DWH]\nCLUSTER_IDENTIFIER = sparkify-dwh\nNUM_NODES = lots\n');
    const run = await cli(['cluster', 'status']);
    expect(run.code).toBe(2);
    expect(run.err).toBe(`sparkify: Configuration error: ${cfg}:3: [DWH] NUM_NODES = "lots" is not a number of nodes (1-128)\n`);
  });
});
