import type Docker from 'dockerode';
import { z } from 'zod';
import { snapshotFromDocker, swarmNodesFromInfo } from '@switchyard/core';
import { DockerContainerSummarySchema, DockerNetworkSchema } from '@switchyard/protocol';
import type { DockerContainerSummary, DockerNetwork, HostSnapshot } from '@switchyard/protocol';

/** The part of dockerode a host-snapshot read uses (dockerode is loaded by the caller, lazily in the editor). */
export type DockerReadApi = Pick<
  Docker,
  'listNetworks' | 'getNetwork' | 'listContainers' | 'version' | 'info'
>;

/** Docker answered, but not in the shape its API documents: names the endpoint and the field. */
export class DockerReplyError extends Error {}

/** A Docker reply checked against its schema; a mismatch is a `DockerReplyError` naming endpoint and field. */
export function parseDockerReply<T>(schema: z.ZodType<T>, data: unknown, endpoint: string): T {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new DockerReplyError(
    `unexpected reply from Docker ${endpoint}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
  );
}

/** One network (`GET /networks/{id}`), validated. */
export async function inspectDockerNetwork(docker: DockerReadApi, id: string): Promise<DockerNetwork> {
  return parseDockerReply(DockerNetworkSchema, await docker.getNetwork(id).inspect(), `GET /networks/${id}`);
}

/**
 * Every network with its endpoints: the list endpoint leaves `Containers` empty, so each is inspected. A
 * network removed between the list and its inspect (404) is simply gone, not an error.
 */
export async function readDockerNetworks(docker: DockerReadApi): Promise<DockerNetwork[]> {
  const list = parseDockerReply(
    z.array(z.looseObject({ Id: z.string() })),
    await docker.listNetworks(),
    'GET /networks',
  );
  const inspected = await Promise.all(
    list.map((n) =>
      inspectDockerNetwork(docker, n.Id).catch((err: unknown) => {
        if ((err as { statusCode?: number }).statusCode === 404) return undefined;
        throw err;
      }),
    ),
  );
  return inspected.filter((n): n is DockerNetwork => n !== undefined);
}

/** Running containers (their published ports are part of the snapshot). */
export async function readDockerContainers(docker: DockerReadApi): Promise<DockerContainerSummary[]> {
  return parseDockerReply(
    z.array(DockerContainerSummarySchema),
    await docker.listContainers({ all: false }),
    'GET /containers/json',
  );
}

/** The engine's version (`20.10.24+dfsg1`), or undefined when Docker does not say (or the call fails). */
export async function readDockerVersion(docker: DockerReadApi): Promise<string | undefined> {
  const r = z.looseObject({ Version: z.string() }).safeParse(await docker.version().catch(() => undefined));
  return r.success ? r.data.Version : undefined;
}

/**
 * The host snapshot of a Docker engine (networks with subnets, drivers and attached containers; published ports
 * of running containers; the version), and the networks it was made from.
 */
export async function readDockerSnapshot(
  docker: DockerReadApi,
  host: string,
): Promise<{ snapshot: HostSnapshot; networks: DockerNetwork[] }> {
  const [networks, containers, version, nodes] = await Promise.all([
    readDockerNetworks(docker),
    readDockerContainers(docker),
    readDockerVersion(docker),
    readSwarmNodes(docker),
  ]);
  const snapshot = snapshotFromDocker(host, new Date().toISOString(), networks, containers);
  return {
    snapshot: {
      ...snapshot,
      ...(version !== undefined && { dockerVersion: version }),
      // How many hosts `docker stack deploy` can place replicas on (NET161).
      ...(nodes !== undefined && { nodes }),
    },
    networks,
  };
}

/** The node count of the swarm this engine is an active node of; undefined when it is in none or will not say. */
export async function readSwarmNodes(docker: Pick<Docker, 'info'>): Promise<number | undefined> {
  try {
    return swarmNodesFromInfo(await docker.info());
  } catch {
    return undefined;
  }
}
