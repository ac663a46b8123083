import { GetNamespaceCommand } from '@aws-sdk/client-redshift-serverless';
import { workgroupError, type ServerlessApi } from '../engines/redshift/serverless.js';

/** A Serverless namespace (the databases a workgroup serves) as the Cluster screen shows it. */
export interface NamespaceInfo {
  name: string;
  /** `available`, `modifying` or `deleting` (the API's status in lower case). */
  state: string;
  defaultRole?: string;
}

/**
 * The namespace's status, or undefined when there is none of that name. Asked apart from the workgroup: a
 * namespace outlives its workgroup (a delete that kept it, a create that stopped between the two).
 */
export async function describeNamespace(client: ServerlessApi, name: string, region: string): Promise<NamespaceInfo | undefined> {
  try {
    const n = (await client.send(new GetNamespaceCommand({ namespaceName: name }))).namespace;
    if (!n) return undefined;
    return { name: n.namespaceName ?? name, state: (n.status ?? 'unknown').toLowerCase(), defaultRole: n.defaultIamRoleArn };
  } catch (error) {
    if (/ResourceNotFound/.test((error as { name?: string }).name ?? '')) return undefined;
    throw workgroupError(error, 'describe the namespace', 'GetNamespace', name, region);
  }
}
