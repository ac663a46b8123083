import {
  CreateClusterCommand,
  DeleteClusterCommand,
  DescribeClustersCommand,
  PauseClusterCommand,
  RedshiftClient,
  ResumeClusterCommand,
  UnauthorizedOperation,
} from '@aws-sdk/client-redshift';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadConfig, type DwhConfig } from '../../src/config/dwh-cfg.js';
import { enginesUnderTest } from '../helpers/engines.js';
import { clusterReply, HOST, notFound } from '../helpers/cluster-replies.js';
import { tempDir } from '../helpers/paths.js';
import { KEY, renderApp } from './helpers/harness.js';

// The Redshift API is the one thing faked here: every RedshiftClient's calls are answered by the mock.
const redshift = mockClient(RedshiftClient);
afterEach(() => redshift.reset());
const engine = enginesUnderTest()[0]!;
const temp = tempDir('sparkify-tui-cluster-');
afterAll(async () => {
  await engine.cleanup();
  temp.cleanup();
});

let configs = 0;

/** A dwh.cfg of its own for each test: the embedded engine, and a [DWH] section unless told otherwise. */
function config(dwh: string[] | null = [], poll = '0.001'): DwhConfig {
  const dir = join(temp.dir, `cfg-${++configs}`);
  const path = join(dir, 'dwh.cfg');
  const lines = ['[WAREHOUSE]', 'ENGINE = embedded', '', '[CLUSTER]', 'HOST =', 'DB_NAME = sparkify', 'DB_USER = sparkify', 'DB_PASSWORD =', ''];
  if (dwh) lines.push('[DWH]', 'CLUSTER_IDENTIFIER = sparkify-dwh', 'REGION = us-west-2', `POLL_SECONDS = ${poll}`, ...dwh, '');
  mkdirSync(dir);
  writeFileSync(path, lines.join('\n'));
  return loadConfig(path, { required: true, env: {} });
}


const cluster = clusterReply;
/** Frames wrap long lines: compare text with the line breaks and padding taken out. */
const flat = (frame: string): string => frame.replace(/\s+/g, ' ');

describe('cluster screen', () => {
  it('shows the state, endpoint, nodes and hourly cost of the cluster, and asks again on r', async () => {
    redshift.on(DescribeClustersCommand).resolvesOnce(cluster('available')).resolves(cluster('paused'));
    const app = await renderApp(config(), { route: 'cluster' });
    const frame = await app.see('State     available');
    expect(frame).toContain('Sparkify DWH › Cluster  sparkify-dwh · us-west-2');
    expect(frame).toContain('Cluster   sparkify-dwh in us-west-2');
    expect(frame).toContain(`Endpoint  ${HOST}:5439`);
    expect(frame).toContain('Nodes     2 × ra3.xlplus');
    expect(frame).toContain('Database  sparkify (master user sparkify)');
    expect(flat(frame)).toContain('Cost ~$2.172/hour (2 × ra3.xlplus at $1.086, us-west-2 on-demand prices of 2024-06)');
    expect(frame).toContain('p pause  r refresh  d delete  ? help  q back');
    expect(frame).not.toContain('u resume');
    expect(redshift.commandCalls(DescribeClustersCommand)[0]!.args[0].input).toEqual({ ClusterIdentifier: 'sparkify-dwh' });

    await app.press('r');
    const paused = await app.see('State     paused');
    expect(flat(paused)).toContain('$0/hour of compute while paused (storage is still billed); ~$2.172/hour when running');
    expect(paused).toContain('u resume  r refresh  d delete  ? help  q back');
    await app.press('?');
    const help = await app.see('Press any key to close this help.');
    expect(flat(help)).toContain('Pause stops the compute billing');
    expect(help).toMatch(/d\s+delete the cluster \(asks for its identifier/);
    await app.close();
  });

  it('pauses with live progress until the cluster is paused', async () => {
    redshift
      .on(DescribeClustersCommand)
      .resolvesOnce(cluster('available'))
      .resolvesOnce(cluster('available'))
      .resolvesOnce(cluster('pausing'))
      .resolves(cluster('paused'));
    redshift.on(PauseClusterCommand).resolves({});
    const app = await renderApp(config([], '0.3'), { route: 'cluster' });
    await app.see('State     available');
    await app.press('p');
    let frame = await app.see('Pausing sparkify-dwh · state pausing', 'esc stop waiting');
    expect(flat(frame)).toContain('AWS is asked every 0.3 s. Esc stops waiting; the pause itself goes on in AWS.');
    expect(frame).not.toContain('q back');
    frame = await app.see('✓ sparkify-dwh is paused: its compute is no longer billed');
    expect(frame).toContain('State     paused');
    expect(frame).toContain('u resume  r refresh  d delete');
    expect(redshift.commandCalls(PauseClusterCommand).map((c) => c.args[0].input)).toEqual([{ ClusterIdentifier: 'sparkify-dwh' }]);
    await app.close();
  });

  it('resumes a paused cluster and waits until it is available again', async () => {
    redshift.on(DescribeClustersCommand).resolvesOnce(cluster('paused')).resolvesOnce(cluster('paused')).resolvesOnce(cluster('resuming')).resolves(cluster('available'));
    redshift.on(ResumeClusterCommand).resolves({});
    const app = await renderApp(config(), { route: 'cluster' });
    await app.see('State     paused', 'u resume');
    await app.press('u');
    const frame = await app.see(/✓ sparkify-dwh is available again \(.+\)\./);
    expect(frame).toContain('State     available');
    expect(frame).toContain('p pause  r refresh  d delete');
    expect(redshift.commandCalls(ResumeClusterCommand).map((c) => c.args[0].input)).toEqual([{ ClusterIdentifier: 'sparkify-dwh' }]);
    await app.close();
  });

  it('stops waiting on Esc or Ctrl+C and says the operation goes on in AWS', async () => {
    // open, before the resume, first check (then 30 s until the next): twice.
    const states = ['paused', 'paused', 'resuming', 'paused', 'paused', 'resuming'];
    const describe = redshift.on(DescribeClustersCommand);
    for (const state of states) describe.resolvesOnce(cluster(state));
    describe.resolves(cluster('resuming'));
    redshift.on(ResumeClusterCommand).resolves({});
    const app = await renderApp(config([], '30'), { route: 'cluster' });
    await app.see('State     paused');
    await app.press('u');
    await app.see('Resuming sparkify-dwh · state resuming', 'esc stop waiting');
    await app.press(KEY.escape);
    let frame = await app.see('Stopped waiting: the resume of sparkify-dwh goes on in AWS');
    expect(flat(frame)).toContain('Stopped waiting: the resume of sparkify-dwh goes on in AWS (it was not cancelled). r shows its state.');
    expect(frame).toContain('State     resuming');
    expect(frame).toContain('r refresh  d delete  ? help  q back');

    await app.press('r');
    await app.see('State     paused', 'u resume');
    await app.press('u');
    await app.see('Resuming sparkify-dwh · state resuming');
    await app.press(KEY.ctrlC);
    frame = await app.see('Stopped waiting: the resume of sparkify-dwh goes on in AWS');
    expect(frame).toContain('Sparkify DWH › Cluster');
    expect(redshift.commandCalls(ResumeClusterCommand)).toHaveLength(2);
    await app.close();
  });

  it('deletes only once the exact identifier is typed, saying whether a final snapshot is taken', async () => {
    redshift.on(DescribeClustersCommand).resolvesOnce(cluster('available')).resolvesOnce(cluster('deleting')).rejects(notFound());
    redshift.on(DeleteClusterCommand).resolves({});
    const app = await renderApp(config(), { route: 'cluster' });
    await app.see('State     available');
    await app.press('d');
    let frame = await app.see('Delete cluster sparkify-dwh? This cannot be undone.', 'Type sparkify-dwh to delete it:');
    expect(flat(frame)).toMatch(/A final snapshot sparkify-dwh-final-\d{8}-\d{4} is taken first \(tab: take none\)\./);
    expect(frame).toContain('enter delete  tab snapshot on/off  ctrl+r role+rules  esc cancel  ? help');
    expect(frame).toContain('The IAM role and the address rules are kept (ctrl+r: remove what sparkify made).');
    // q is typed into the field, not taken as "back"; a wrong identifier deletes nothing.
    await app.press('sparkify-dwq', KEY.enter);
    frame = await app.see('✗ That is not sparkify-dwh: nothing was deleted.');
    await app.press(KEY.backspace, 'h', KEY.tab);
    frame = await app.see('No final snapshot is taken');
    expect(flat(frame)).toContain('No final snapshot is taken: the data in the cluster is lost for good (tab: take one).');
    expect(redshift.commandCalls(DeleteClusterCommand)).toHaveLength(0);
    await app.press(KEY.tab);
    await app.see(/A final snapshot sparkify-dwh-final-\S+ is taken first/);
    await app.press(KEY.enter);
    frame = await app.see(/✓ sparkify-dwh is deleted \(.+\); final snapshot\s+sparkify-dwh-final-\d{8}-\d{4}\./);
    expect(frame).toContain('State     none: no cluster sparkify-dwh in us-west-2');
    const input = redshift.commandCalls(DeleteClusterCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ ClusterIdentifier: 'sparkify-dwh', SkipFinalClusterSnapshot: false });
    expect(input.FinalClusterSnapshotIdentifier).toMatch(/^sparkify-dwh-final-\d{8}-\d{4}$/);
    await app.close();
  });

  it('creates a missing cluster after a plan showing its nodes and cost, and writes its endpoint into dwh.cfg', async () => {
    redshift.on(DescribeClustersCommand).rejectsOnce(notFound()).resolvesOnce(cluster('creating')).resolves(cluster('available'));
    redshift.on(CreateClusterCommand).resolves({});
    const cfg = config(['NODE_TYPE = ra3.xlplus', 'NUM_NODES = 2']);
    const app = await renderApp(cfg, { route: 'cluster' });
    let frame = await app.see('State     none: no cluster sparkify-dwh in us-west-2');
    expect(flat(frame)).toContain('n creates it: 2 × ra3.xlplus, ~$2.172/hour');
    expect(frame).toContain('n create  r refresh  ? help  q back');
    await app.press('n');
    frame = await app.see('Plan for sparkify-dwh (nothing is sent before you answer):');
    expect(flat(frame)).toContain(
      '1. IAM: create role sparkify-redshift-s3-read, which only redshift.amazonaws.com may assume, with arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess (no s3:// input in dwh.cfg to scope it to); tagged created-by=sparkify',
    );
    expect(flat(frame)).toContain('2. Redshift: create cluster sparkify-dwh (2 × ra3.xlplus), ~$2.172/hour (2 × ra3.xlplus at $1.086, us-west-2 on-demand prices of 2024-06) with that role as its default IAM role');
    expect(flat(frame)).toContain('3. dwh.cfg: write [IAM_ROLE] ARN, then [CLUSTER] HOST and DB_PORT once it is available');
    expect(flat(frame)).toContain('EC2: no address rule: [DWH] PUBLICLY_ACCESSIBLE is false, so it is reached from inside its VPC');
    expect(flat(frame)).toContain('No [CLUSTER] DB_PASSWORD: Redshift keeps the master password in Secrets Manager.');
    expect(flat(frame)).toContain('Run these 3 steps? It is billed from now until it is paused or deleted.');
    expect(frame).toContain(' No   Create ');
    expect(frame).toContain('y create  n cancel  r role on/off  ? help  q back');
    // Enter on the default answer creates nothing.
    await app.press(KEY.enter);
    await app.see('n create  r refresh');
    expect(redshift.commandCalls(CreateClusterCommand)).toHaveLength(0);
    // Without the role the plan is the create and the endpoint.
    await app.press('n', 'r');
    frame = await app.see('Run these 2 steps?');
    expect(flat(frame)).toContain('IAM: no role is made (r: make sparkify-redshift-s3-read); COPY then needs [IAM_ROLE] ARN');
    expect(flat(frame)).toContain('2. dwh.cfg: write [CLUSTER] HOST and DB_PORT once it is available');
    await app.press('y');
    frame = await app.see('✓ sparkify-dwh is available');
    expect(flat(frame)).toContain('its endpoint is now in dwh.cfg [CLUSTER] HOST.');
    expect(flat(frame)).toContain('✓ 1. Redshift: create cluster sparkify-dwh (2 × ra3.xlplus)');
    expect(flat(frame)).toContain('✓ 2. dwh.cfg: write [CLUSTER] HOST and DB_PORT once it is available');
    expect(frame).toContain('State     available');
    expect(redshift.commandCalls(CreateClusterCommand).map((c) => c.args[0].input)).toEqual([
      {
        ClusterIdentifier: 'sparkify-dwh',
        NodeType: 'ra3.xlplus',
        ClusterType: 'multi-node',
        NumberOfNodes: 2,
        DBName: 'sparkify',
        MasterUsername: 'sparkify',
        ManageMasterPassword: true,
        Port: 5439,
        PubliclyAccessible: false,
        Encrypted: true,
        Tags: [{ Key: 'created-by', Value: 'sparkify' }],
      },
    ]);
    expect(readFileSync(cfg.path, 'utf8')).toContain(`HOST = ${HOST}\n`);
    await app.close();
  });

  it('shows AWS failures as their one-line title and message', async () => {
    redshift.on(DescribeClustersCommand).rejectsOnce(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' })).resolves(cluster('available'));
    redshift.on(PauseClusterCommand).rejects(new UnauthorizedOperation({ message: 'not authorized to perform: redshift:PauseCluster', $metadata: { httpStatusCode: 403 } }));
    const app = await renderApp(config(), { route: 'cluster' });
    let frame = await app.see('✗ No AWS credentials');
    expect(flat(frame)).toContain('cannot describe sparkify-dwh: the standard AWS credential chain found none (set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)');
    expect(frame).toContain('State     unknown: AWS gave no answer (below)');
    expect(frame).toContain('r refresh  ? help  q back');
    expect(frame).not.toMatch(/\n\s+at /);
    await app.press('r');
    await app.see('State     available');
    expect(app.frame()).not.toContain('No AWS credentials');
    await app.press('p');
    frame = await app.see('✗ Access denied');
    expect(flat(frame)).toContain('access denied: this AWS identity may not pause cluster sparkify-dwh (needs redshift:PauseCluster)');
    await app.close();
  });

  it('is in the connect menu when dwh.cfg has a [DWH] section, and the connect screen still fits 80x24', async () => {
    redshift.on(DescribeClustersCommand).resolves(cluster('paused'));
    const cfg = config();
    const app = await renderApp({ ...engine.config(), path: cfg.path, exists: true, settings: cfg.settings });
    // No input here: the sample offer shows first; Esc goes to the menu.
    await app.see('✓ Count the rows of every table', 'There is no input data yet.');
    await app.press(KEY.escape);
    const menu = await app.see('What next?', '› Create tables');
    expect(menu).toContain('Cluster  Redshift: state, cost, pause, resume, create, delete');
    // A live region as tall as the terminal would make ink clear the screen on every render.
    expect(menu.split('\n').length).toBeLessThan(24);
    await app.press(KEY.up);
    await app.see('› Cluster');
    await app.press(KEY.enter);
    await app.see('Sparkify DWH › Cluster  sparkify-dwh · us-west-2', 'State     paused');
    await app.close();
  });

  it('explains what to add when dwh.cfg has no [DWH] section (c opens it from the connect screen)', async () => {
    const cfg = config(null);
    const app = await renderApp({ ...engine.config(), path: cfg.path, exists: true, settings: cfg.settings });
    await app.see('✓ Count the rows of every table', 'There is no input data yet.');
    await app.press(KEY.escape);
    const menu = await app.see('What next?');
    expect(menu).not.toContain('Cluster');
    await app.press('c');
    const frame = await app.see('Sparkify DWH › Cluster  no cluster in dwh.cfg', '✗ Configuration error');
    expect(flat(frame)).toContain('[DWH] CLUSTER_IDENTIFIER is not set: name the cluster to manage');
    expect(flat(frame)).toContain('Add a [DWH] section to');
    expect(flat(frame)).toContain('CLUSTER_IDENTIFIER names the cluster (or WORKGROUP a Serverless workgroup); NODE_TYPE, NUM_NODES and REGION are needed to create a cluster');
    expect(frame).toContain('? help  q back');
    expect(redshift.commandCalls(DescribeClustersCommand)).toHaveLength(0);
    await app.press('q');
    await app.see('Sparkify DWH › Connect');
    await app.close();
  });
});
