/**
 * AWS SDK clients of the standard credential chain (never credentials from dwh.cfg), made one way. Node 20 is this
 * product's supported floor: the SDK's notice that its releases from 2027 need Node 22 is for whoever picks the SDK
 * version (us), not for the people running sparkify, so it is kept out of stderr.
 */
export function quietAwsSdk(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}

/** A client of one AWS service for `region`. */
export function awsClient<C>(Client: new (config: { region: string }) => C, region: string): C {
  quietAwsSdk();
  return new Client({ region });
}
