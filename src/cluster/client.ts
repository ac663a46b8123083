import { RedshiftClient } from '@aws-sdk/client-redshift';
import type { ClusterSettings } from './settings.js';

/**
 * What the cluster functions need of the AWS SDK: `send`. A real RedshiftClient fits; tests pass one whose
 * calls aws-sdk-client-mock answers.
 */
export type RedshiftApi = Pick<RedshiftClient, 'send'>;

/** A Redshift API client for the settings' region, with the SDK's standard credential chain (never from dwh.cfg). */
export function redshiftClient(settings: Pick<ClusterSettings, 'region'>): RedshiftClient {
  // As for S3 (src/sources/s3.ts): the SDK's notice about its future Node floor is not for our users.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return new RedshiftClient({ region: settings.region });
}
