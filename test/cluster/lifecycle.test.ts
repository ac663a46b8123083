import {
  ClusterQuotaExceededFault,
  CreateClusterCommand,
  DeleteClusterCommand,
  DescribeClustersCommand,
  InvalidClusterStateFault,
  PauseClusterCommand,
  RedshiftClient,
  ResumeClusterCommand,
  UnauthorizedOperation,
} from '@aws-sdk/client-redshift';
import { mockClient } from 'aws-sdk-client-mock';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createCluster } from '../../src/cluster/create.js';
import { deleteCluster, defaultSnapshotName } from '../../src/cluster/delete.js';
import { describeCluster } from '../../src/cluster/describe.js';
import { pauseCluster, resumeCluster } from '../../src/cluster/power.js';
import type { ClusterSettings } from '../../src/cluster/settings.js';
import type { ClusterProgress } from '../../src/cluster/wait.js';
import { CancelledError, describeError } from '../../src/errors.js';
import { clusterReply, HOST, notFound } from '../helpers/cluster-replies.js';
import { tempDir } from '../helpers/paths.js';

const redshift = mockClient(RedshiftClient);
const client = new RedshiftClient({ region: 'us-west-2' });
afterEach(() => redshift.reset());
const t = tempDir();
afterAll(() => t.cleanup());

const settings: ClusterSettings = {
  identifier: 'sparkify-dwh',
  nodeType: 'ra3.xlplus',
  nodes: 2,
  dbName: 'sparkify',
  dbUser: 'sparkify',
  port: 5439,
  iamRoleArn: 'arn:aws:iam::123456789012:role/dwhRole',
  region: 'us-west-2',
  publiclyAccessible: false,
  securityGroupIds: ['sg-0abc'],
  pollSeconds: 0.001,
  waitMinutes: 1,
};
const fast = { delayMs: 1, timeoutMs: 5000 };


const cluster = clusterReply;
const steps = (events: ClusterProgress[]) => events.map((e) => `${e.phase}:${e.state}`);

describe('cluster lifecycle through the Redshift API', () => {
  it('creates, waits with progress until available, and writes the endpoint into dwh.cfg', async () => {
    const cfg = join(t.dir, 'dwh.cfg');
    writeFileSync(cfg, '# settings\n[CLUSTER]\nHOST =\nDB_NAME = sparkify\n# keep me\nDB_PORT = 5432\n\n[DWH]\nCLUSTER_IDENTIFIER = sparkify-dwh\n');
    redshift.on(CreateClusterCommand).resolves({ Cluster: cluster('creating').Clusters[0] });
    redshift
      .on(DescribeClustersCommand)
      .resolvesOnce(cluster('creating'))
      .resolvesOnce(cluster('creating'))
      .resolvesOnce(cluster('available', { ClusterAvailabilityStatus: 'Modifying' }))
      .resolves(cluster('available', { ClusterAvailabilityStatus: 'Available' }));
    const events: ClusterProgress[] = [];
    const info = await createCluster(settings, { client, masterPassword: 'Passw0rd-Long', writeEndpointTo: cfg, onProgress: (e) => events.push(e), ...fast });

    expect(redshift.commandCalls(CreateClusterCommand)[0]!.args[0].input).toEqual({
      ClusterIdentifier: 'sparkify-dwh',
      NodeType: 'ra3.xlplus',
      ClusterType: 'multi-node',
      NumberOfNodes: 2,
      DBName: 'sparkify',
      MasterUsername: 'sparkify',
      MasterUserPassword: 'Passw0rd-Long',
      Port: 5439,
      IamRoles: ['arn:aws:iam::123456789012:role/dwhRole'],
      DefaultIamRoleArn: 'arn:aws:iam::123456789012:role/dwhRole',
      PubliclyAccessible: false,
      VpcSecurityGroupIds: ['sg-0abc'],
      Encrypted: true,
      Tags: [{ Key: 'created-by', Value: 'sparkify' }],
    });
    expect(steps(events)).toEqual(['requested:creating', 'waiting:creating', 'waiting:creating', 'waiting:available', 'done:available']);
    expect(info.endpoint).toEqual({ host: HOST, port: 5439 });
    expect(info.cost?.text).toBe('~$2.172/hour (2 × ra3.xlplus at $1.086, us-west-2 on-demand prices of 2024-06)');
    expect(readFileSync(cfg, 'utf8')).toBe(`# settings\n[CLUSTER]\nHOST = ${HOST}\nDB_NAME = sparkify\n# keep me\nDB_PORT = 5439\n\n[DWH]\nCLUSTER_IDENTIFIER = sparkify-dwh\n`);
    expect(redshift.commandCalls(DescribeClustersCommand)[0]!.args[0].input).toEqual({ ClusterIdentifier: 'sparkify-dwh' });
  });

  it('creates a single node with a managed master password when dwh.cfg has none', async () => {
    redshift.on(CreateClusterCommand).resolves({});
    redshift.on(DescribeClustersCommand).resolves(cluster('available'));
    await createCluster({ ...settings, nodes: 1, iamRoleArn: undefined, securityGroupIds: [] }, { client, ...fast });
    const input = redshift.commandCalls(CreateClusterCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ ClusterType: 'single-node', ManageMasterPassword: true });
    expect(input).not.toHaveProperty('NumberOfNodes');
    expect(input).not.toHaveProperty('MasterUserPassword');
    expect(input).not.toHaveProperty('IamRoles');
  });

  it('refuses a master password Redshift would refuse, without showing it', async () => {
    const error = await createCluster(settings, { client, masterPassword: 'short', ...fast }).catch((e: unknown) => e);
    expect(describeError(error)).toEqual({
      title: 'Configuration error',
      message: '[CLUSTER] DB_PASSWORD is not a valid Redshift master password (value not shown): it needs 8 to 64 characters, an uppercase letter, a digit',
      exitCode: 2,
    });
    expect(redshift.commandCalls(CreateClusterCommand)).toHaveLength(0);
  });

  it('pauses and waits until paused; resumes and waits until available; does nothing when already there', async () => {
    redshift.on(DescribeClustersCommand).resolvesOnce(cluster('available')).resolvesOnce(cluster('pausing')).resolves(cluster('paused'));
    redshift.on(PauseClusterCommand).resolves({});
    const paused: ClusterProgress[] = [];
    const info = await pauseCluster(settings, { client, onProgress: (e) => paused.push(e), ...fast });
    expect(info.state).toBe('paused');
    expect(info.cost?.perHour).toBe(0);
    expect(steps(paused)).toEqual(['requested:pausing', 'waiting:pausing', 'done:paused']);
    expect(redshift.commandCalls(PauseClusterCommand)[0]!.args[0].input).toEqual({ ClusterIdentifier: 'sparkify-dwh' });

    redshift.reset();
    redshift.on(DescribeClustersCommand).resolvesOnce(cluster('paused')).resolvesOnce(cluster('resuming')).resolves(cluster('available'));
    redshift.on(ResumeClusterCommand).resolves({});
    const resumed: ClusterProgress[] = [];
    expect((await resumeCluster(settings, { client, onProgress: (e) => resumed.push(e), ...fast })).state).toBe('available');
    expect(steps(resumed)).toEqual(['requested:resuming', 'waiting:resuming', 'done:available']);

    redshift.reset();
    redshift.on(DescribeClustersCommand).resolves(cluster('available'));
    const again: ClusterProgress[] = [];
    await resumeCluster(settings, { client, onProgress: (e) => again.push(e), ...fast });
    expect(steps(again)).toEqual(['done:available']);
    expect(redshift.commandCalls(ResumeClusterCommand)).toHaveLength(0);
  });

  it('deletes with a final snapshot, or without one, and waits until the cluster is gone', async () => {
    redshift.on(DeleteClusterCommand).resolves({});
    redshift.on(DescribeClustersCommand).resolvesOnce(cluster('final-snapshot')).resolvesOnce(cluster('deleting')).rejects(notFound());
    const events: ClusterProgress[] = [];
    const snapshot = defaultSnapshotName('sparkify-dwh', new Date(Date.UTC(2024, 5, 1, 9, 5)));
    expect(snapshot).toBe('sparkify-dwh-final-20240601-0905');
    expect(await deleteCluster(settings, { client, finalSnapshot: snapshot, onProgress: (e) => events.push(e), ...fast })).toEqual({ finalSnapshot: snapshot });
    expect(redshift.commandCalls(DeleteClusterCommand)[0]!.args[0].input).toEqual({
      ClusterIdentifier: 'sparkify-dwh',
      SkipFinalClusterSnapshot: false,
      FinalClusterSnapshotIdentifier: 'sparkify-dwh-final-20240601-0905',
    });
    expect(steps(events)).toEqual(['requested:deleting', 'waiting:final-snapshot', 'waiting:deleting', 'done:deleted']);

    redshift.reset();
    redshift.on(DeleteClusterCommand).resolves({});
    redshift.on(DescribeClustersCommand).rejects(notFound());
    await deleteCluster(settings, { client, finalSnapshot: false, ...fast });
    expect(redshift.commandCalls(DeleteClusterCommand)[0]!.args[0].input).toEqual({ ClusterIdentifier: 'sparkify-dwh', SkipFinalClusterSnapshot: true });
    await expect(deleteCluster(settings, { client, finalSnapshot: 'Bad_Name', ...fast })).rejects.toThrow(/--final-snapshot "Bad_Name" is not a snapshot name/);
  });

  it('gives each AWS failure its own one-line message', async () => {
    const cases: [unknown, string, string][] = [
      [
        Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }),
        'No AWS credentials',
        'cannot pause sparkify-dwh: the standard AWS credential chain found none (set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)',
      ],
      [
        new UnauthorizedOperation({ message: 'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: redshift:PauseCluster', $metadata: { httpStatusCode: 403 } }),
        'Access denied',
        'access denied: this AWS identity may not pause cluster sparkify-dwh (needs redshift:PauseCluster)',
      ],
      [
        Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }),
        'Access denied',
        'access denied: this AWS identity may not pause cluster sparkify-dwh (needs redshift:PauseCluster)',
      ],
      [
        new ClusterQuotaExceededFault({ message: 'The request would exceed the allowed number of clusters.', $metadata: {} }),
        'Quota exceeded',
        'cannot pause sparkify-dwh: an AWS quota is exceeded in us-west-2 (ClusterQuotaExceeded); free capacity or ask AWS for a higher quota',
      ],
      [notFound(), 'Cluster not found', 'no cluster sparkify-dwh in us-west-2 (sparkify cluster create makes it)'],
      [
        new InvalidClusterStateFault({ message: 'There is an operation running on the Cluster. Please try to pause it at a later time.', $metadata: {} }),
        'Wrong cluster state',
        'cannot pause sparkify-dwh in its current state: There is an operation running on the Cluster. Please try to pause it at a later time.',
      ],
    ];
    for (const [error, title, message] of cases) {
      redshift.reset();
      redshift.on(DescribeClustersCommand).resolves(cluster('available'));
      redshift.on(PauseClusterCommand).rejects(error as Error);
      const caught = await pauseCluster(settings, { client, ...fast }).catch((e: unknown) => e);
      expect(describeError(caught), title).toEqual({ title, message, exitCode: title === 'No AWS credentials' || title === 'Access denied' ? 2 : 1 });
    }
  });

  it('reports a missing cluster from DescribeClusters as undefined, and pause of it as not found', async () => {
    redshift.on(DescribeClustersCommand).rejects(notFound());
    expect(await describeCluster(client, 'sparkify-dwh', 'us-west-2')).toBeUndefined();
    await expect(pauseCluster(settings, { client, ...fast })).rejects.toThrow('no cluster sparkify-dwh in us-west-2 (sparkify cluster create makes it)');
    expect(redshift.commandCalls(PauseClusterCommand)).toHaveLength(0);
  });

  it('stops waiting on a timeout, a stuck state or a cancel, saying the operation goes on in AWS', async () => {
    redshift.on(PauseClusterCommand).resolves({});
    redshift.on(DescribeClustersCommand).resolvesOnce(cluster('available')).resolves(cluster('pausing'));
    await expect(pauseCluster(settings, { client, delayMs: 5, timeoutMs: 12 })).rejects.toThrow(
      'cluster sparkify-dwh is still pausing after 0 s; it goes on in AWS (sparkify cluster status)',
    );

    redshift.reset();
    redshift.on(ResumeClusterCommand).resolves({});
    redshift.on(DescribeClustersCommand).resolvesOnce(cluster('paused')).resolves(cluster('incompatible-network'));
    await expect(resumeCluster(settings, { client, ...fast })).rejects.toThrow(
      'cluster sparkify-dwh is incompatible-network: it will not resume on its own (see the Redshift console)',
    );

    redshift.reset();
    redshift.on(ResumeClusterCommand).resolves({});
    redshift.on(DescribeClustersCommand).resolvesOnce(cluster('paused')).resolves(cluster('resuming'));
    const controller = new AbortController();
    const waiting = resumeCluster(settings, { client, delayMs: 10_000, timeoutMs: 60_000, signal: controller.signal, onProgress: (e) => e.phase === 'waiting' && controller.abort() });
    await expect(waiting).rejects.toBeInstanceOf(CancelledError);
    await expect(waiting).rejects.toThrow('stopped waiting; the resume of sparkify-dwh goes on in AWS');
  });
});
