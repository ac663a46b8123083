/*
 * Shapes of setting values, without dependencies: the engines check what goes into their SQL text with them, and
 * the settings table checks values with them when dwh.cfg is read.
 */

/** The shapes of values that go into Redshift SQL text (COPY's role, region and S3 locations). */
export const SHAPES = {
  arn: /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/,
  region: /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/,
  // A bucket name, then any key without control characters.
  s3: /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/\P{Cc}*)?$/u,
};

/** A location with a scheme (s3://, http://), as opposed to a local path. */
export function isUrl(path: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(path);
}
