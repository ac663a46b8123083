import { errorText, SparkifyError } from '../errors.js';

/** A refused or failed AWS call about the cluster, with its own title per cause. Exit code 1, or 2 when setup must change. */
export class ClusterError extends SparkifyError {
  constructor(
    title: string,
    message: string,
    readonly reason: ClusterErrorReason,
    options: { cause?: unknown; exitCode?: 1 | 2 } = {},
  ) {
    super(title, message, options);
  }
}

export type ClusterErrorReason =
  | 'no-credentials'
  | 'access-denied'
  | 'quota'
  | 'not-found'
  | 'already-exists'
  | 'wrong-state'
  | 'capacity'
  | 'unreachable'
  | 'timeout'
  | 'other';

interface AwsFailure {
  name?: string;
  message?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
}

/**
 * Turns what the AWS SDK throws into one line a person can act on. `action` is what was being done
 * ("create", "pause", "describe") and `operation` the API call, so "access denied" can name the permission.
 * Messages never contain credentials: the SDK's own messages don't, and keys are never passed in.
 */
export function clusterError(
  error: unknown,
  context: { action: string; operation: string; identifier: string; region: string; service?: 'redshift' | 'redshift-serverless' | 'redshift-data' | 'iam' | 'ec2' },
): SparkifyError {
  if (error instanceof SparkifyError) return error;
  const e = (error ?? {}) as AwsFailure;
  const name = e.name ?? e.Code ?? '';
  const status = e.$metadata?.httpStatusCode;
  const { action, operation, identifier, region } = context;
  const service = context.service ?? 'redshift';
  // The Data API names its target in `identifier` itself ("cluster x", "workgroup y").
  const what = { redshift: 'cluster ', 'redshift-serverless': 'workgroup ', 'redshift-data': '', iam: 'role ', ec2: '' }[service];
  const make = (title: string, message: string, reason: ClusterErrorReason, exitCode: 1 | 2 = 1): ClusterError =>
    new ClusterError(title, message, reason, { cause: error, exitCode });

  if (name === 'CredentialsProviderError' || /credential/i.test(name) || /could not load credentials/i.test(e.message ?? '')) {
    return make('No AWS credentials', `cannot ${action} ${identifier}: the standard AWS credential chain found none (set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)`, 'no-credentials', 2);
  }
  if (/AccessDenied|UnauthorizedOperation|UnrecognizedClient|InvalidClientTokenId|ExpiredToken|SignatureDoesNotMatch/.test(name) || status === 403) {
    return make('Access denied', `access denied: this AWS identity may not ${action} ${what}${identifier} (needs ${service}:${operation})`, 'access-denied', 2);
  }
  if (/QuotaExceeded|LimitExceeded/.test(name)) {
    return make('Quota exceeded', `cannot ${action} ${identifier}: an AWS quota is exceeded in ${region} (${name.replace(/Fault$/, '')}); free capacity or ask AWS for a higher quota`, 'quota');
  }
  if (name === 'WorkgroupNotFound') {
    return make('Workgroup not found', `no Serverless workgroup ${identifier} in ${region} (sparkify cluster create makes it)`, 'not-found');
  }
  if (name === 'ClusterNotFoundFault') {
    return make('Cluster not found', `no cluster ${identifier} in ${region} (sparkify cluster create makes it)`, 'not-found');
  }
  if (name === 'ClusterAlreadyExistsFault') {
    return make('Cluster exists', `a cluster ${identifier} already exists in ${region} (sparkify cluster status shows it)`, 'already-exists');
  }
  if (name === 'InvalidClusterStateFault' || name === 'InvalidClusterStateFaultException') {
    return make('Wrong cluster state', `cannot ${action} ${identifier} in its current state: ${firstLine(e.message) || 'see sparkify cluster status'}`, 'wrong-state');
  }
  if (name === 'InsufficientClusterCapacityFault') {
    return make('No capacity', `AWS has no capacity for this node type in ${region} now; try later or another node type`, 'capacity');
  }
  if (/ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|TimeoutError|NetworkingError/.test(`${name} ${e.message ?? ''}`)) {
    const api = { redshift: 'Redshift', 'redshift-serverless': 'Redshift Serverless', 'redshift-data': 'Redshift Data', iam: 'IAM', ec2: 'EC2' }[service];
    return make('AWS unreachable', `cannot reach the ${api} API in ${region}: ${firstLine(e.message) || name}`, 'unreachable');
  }
  return make('AWS error', `cannot ${action} ${identifier}: ${firstLine(e.message) || name || errorText(error)}`, 'other');
}

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n')[0]!.trim();
}
