import type { S3Client } from '@aws-sdk/client-s3';
import type { DwhConfig } from '../../config/dwh-cfg.js';
import { errorText } from '../../errors.js';
import { clusterRegion } from '../../cluster/settings.js';
import { STAGING_TABLES } from '../../sql/tables.js';
import { copyPlan } from './copy-sql.js';
import type { CheckLine } from '../../etl/events.js';

/**
 * COPY reads S3 from the cluster's region unless told otherwise: a bucket in another region needs COPY's REGION
 * (https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-source-s3.html). With no [S3] REGION, the
 * region of each bucket COPY will read is asked from S3 (HeadBucket, whose answer carries the bucket's region even
 * when it refuses with a redirect) and compared with the cluster's ([DWH] REGION, else the region in [CLUSTER] HOST);
 * where they differ it is put in `config.s3.bucketRegions`, which the COPY plan uses. One line per finding for the
 * input check's summary. Nothing fails here: when S3 cannot be asked, COPY is left as configured and says why.
 */
export async function resolveBucketRegions(config: DwhConfig): Promise<CheckLine[]> {
  if (config.s3.region) return [];
  const buckets = new Set<string>();
  for (const table of STAGING_TABLES) {
    const from = copyPlan(config, table).from;
    const bucket = /^s3:\/\/([^/]+)\//i.exec(from)?.[1];
    if (bucket && !from.startsWith('s3://<')) buckets.add(bucket);
  }
  if (buckets.size === 0) return [];
  const cluster = clusterRegion(config);
  const { s3Client } = await import('../../sources/s3.js');
  const s3 = s3Client(config);
  const lines: CheckLine[] = [];
  try {
    for (const bucket of buckets) {
      const { region, why } = await askBucketRegion(s3, bucket);
      if (!region) {
        lines.push({ text: `the region of bucket ${bucket} is unknown (${why || 'S3 did not say'}); COPY reads it from the cluster's region: set [S3] REGION if it is elsewhere`, caveat: true });
      } else if (region !== cluster) {
        config.s3.bucketRegions = { ...config.s3.bucketRegions, [bucket]: region };
        lines.push({ text: `bucket ${bucket} is in ${region}, the cluster in ${cluster}: COPY says REGION '${region}'` });
      }
    }
  } finally {
    s3.destroy();
  }
  return lines;
}

/** A bucket's region from HeadBucket (its answer carries the region even when it refuses), or why it is unknown. */
async function askBucketRegion(s3: S3Client, bucket: string): Promise<{ region?: string; why: string }> {
  const { HeadBucketCommand } = await import('@aws-sdk/client-s3');
  try {
    return { region: (await s3.send(new HeadBucketCommand({ Bucket: bucket }))).BucketRegion, why: '' };
  } catch (error) {
    const headers = (error as { $response?: { headers?: Record<string, string> } }).$response?.headers ?? {};
    return { region: headers['x-amz-bucket-region'], why: errorText(error) };
  }
}

/**
 * The REGION a statement that writes to or reads from `url` on the cluster needs: the bucket's region where it is
 * not the cluster's ([S3] REGION when set); undefined when they agree or S3 cannot say (then the cluster's is used).
 */
export async function regionFor(config: DwhConfig, url: string): Promise<string | undefined> {
  if (config.s3.region) return config.s3.region;
  const bucket = /^s3:\/\/([^/]+)/i.exec(url)?.[1];
  if (!bucket) return undefined;
  const { s3Client } = await import('../../sources/s3.js');
  const s3 = s3Client(config);
  try {
    const { region } = await askBucketRegion(s3, bucket);
    return region && region !== clusterRegion(config) ? region : undefined;
  } finally {
    s3.destroy();
  }
}
