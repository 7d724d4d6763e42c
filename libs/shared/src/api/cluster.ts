import { z } from 'zod';
import { nodeInfoSchema } from '../cluster/messages.js';

/** `GET /api/v1/cluster`: the nodes of the cluster and how loaded each is (a single node lists none: see `/server`). */
export const clusterResponseSchema = z.object({
  mode: z.enum(['single', 'cluster']),
  /** The node that answered. */
  nodeId: z.string(),
  nodes: z.array(nodeInfoSchema),
});
export type ClusterResponse = z.infer<typeof clusterResponseSchema>;
