import { ClusterNotFoundFault, type Cluster } from '@aws-sdk/client-redshift';

/** The endpoint the faked Redshift API reports for the test cluster. */
export const HOST = 'sparkify-dwh.c1a2b3.us-west-2.redshift.amazonaws.com';

/** A DescribeClusters reply for the test cluster `sparkify-dwh` in a state (no endpoint while creating). */
export function clusterReply(state: string, extra: Partial<Cluster> = {}): { Clusters: Cluster[] } {
  return {
    Clusters: [
      {
        ClusterIdentifier: 'sparkify-dwh',
        ClusterStatus: state,
        NodeType: 'ra3.xlplus',
        NumberOfNodes: 2,
        DBName: 'sparkify',
        MasterUsername: 'sparkify',
        ...(state === 'creating' ? {} : { Endpoint: { Address: HOST, Port: 5439 } }),
        ...extra,
      },
    ],
  };
}

/** The error the Redshift API throws for a cluster that does not exist. */
export const notFound = (): ClusterNotFoundFault =>
  new ClusterNotFoundFault({ message: 'Cluster sparkify-dwh not found.', $metadata: { httpStatusCode: 404 } });
