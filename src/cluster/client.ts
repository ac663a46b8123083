import { RedshiftClient } from '@aws-sdk/client-redshift';
import { awsClient } from '../aws-client.js';
import type { ClusterSettings } from './settings.js';

/**
 * What the cluster functions need of the AWS SDK: `send`. A real RedshiftClient fits; tests pass one whose
 * calls aws-sdk-client-mock answers.
 */
export type RedshiftApi = Pick<RedshiftClient, 'send'>;

/** A Redshift API client for the settings' region, with the SDK's standard credential chain (never from dwh.cfg). */
export function redshiftClient(settings: Pick<ClusterSettings, 'region'>): RedshiftClient {
  return awsClient(RedshiftClient, settings.region);
}
