import type Docker from 'dockerode';
import { z } from 'zod';
import { DockerContainerSummarySchema, DockerNetworkSchema } from '@switchyard/protocol';
import type { DockerContainerSummary, DockerNetwork } from '@switchyard/protocol';
import { swarmNodesFromInfo } from '@switchyard/core';
import type { Transport } from '../hosts/transport';
import { dockerode } from '../logs/dockerode';

export interface CreateDockerNetwork {
  name: string;
  driver: string;
  subnet?: string;
  gateway?: string;
  ipRange?: string;
  internal: boolean;
  enableIpv6: boolean;
  options: Record<string, string>;
  labels: Record<string, string>;
}

/**
 * The host's Docker engine through dockerode, over whatever the transport gives (a local socket or an SSH
 * forward). Every reply is validated before the rest of the extension sees it.
 */
export class DockerHost {
  private constructor(private readonly docker: Docker) {}

  /** Connects through the transport (dockerode is loaded on this first use). */
  static async create(transport: Transport): Promise<DockerHost> {
    return new DockerHost(await dockerode(transport));
  }

  async ping(): Promise<void> {
    await this.docker.ping();
  }

  /** The engine's version (`20.10.24+dfsg1`), or undefined when Docker does not say. */
  async version(): Promise<string | undefined> {
    const r = z.looseObject({ Version: z.string() }).safeParse(await this.docker.version());
    return r.success ? r.data.Version : undefined;
  }

  /** The node count of the swarm this engine is an active node of, or undefined when it is in none. */
  async swarmNodes(): Promise<number | undefined> {
    return swarmNodesFromInfo(await this.docker.info());
  }

  async networks(): Promise<DockerNetwork[]> {
    const summaries = z.array(z.looseObject({ Id: z.string() })).parse(await this.docker.listNetworks());
    // The list endpoint leaves Containers empty; inspect fills in the endpoints the tree shows. A network
    // removed between the list and its inspect (404) is simply gone, not an error.
    const inspected = await Promise.all(
      summaries.map((s) =>
        this.inspectNetwork(s.Id).catch((err: unknown) => {
          if ((err as { statusCode?: number }).statusCode === 404) return undefined;
          throw err;
        }),
      ),
    );
    return inspected.filter((n): n is DockerNetwork => n !== undefined);
  }

  async inspectNetwork(id: string): Promise<DockerNetwork> {
    return DockerNetworkSchema.parse(await this.docker.getNetwork(id).inspect());
  }

  async containers(): Promise<DockerContainerSummary[]> {
    return z.array(DockerContainerSummarySchema).parse(await this.docker.listContainers({ all: false }));
  }

  async createNetwork(req: CreateDockerNetwork): Promise<string> {
    const config = req.subnet
      ? [
          {
            Subnet: req.subnet,
            ...(req.gateway ? { Gateway: req.gateway } : {}),
            ...(req.ipRange ? { IPRange: req.ipRange } : {}),
          },
        ]
      : [];
    const net = await this.docker.createNetwork({
      Name: req.name,
      Driver: req.driver,
      Internal: req.internal,
      EnableIPv6: req.enableIpv6,
      CheckDuplicate: true,
      IPAM: { Driver: 'default', Config: config },
      Options: req.options,
      Labels: req.labels,
    });
    return net.id;
  }

  async removeNetwork(id: string): Promise<void> {
    await this.docker.getNetwork(id).remove();
  }

  async pruneNetworks(): Promise<string[]> {
    const reply = z
      .looseObject({ NetworksDeleted: z.array(z.string()).nullish() })
      .parse(await this.docker.pruneNetworks());
    return reply.NetworksDeleted ?? [];
  }

  async connect(networkId: string, container: string, ipv4?: string): Promise<void> {
    await this.docker.getNetwork(networkId).connect({
      Container: container,
      ...(ipv4 ? { EndpointConfig: { IPAMConfig: { IPv4Address: ipv4 } } } : {}),
    });
  }

  async disconnect(networkId: string, container: string): Promise<void> {
    await this.docker.getNetwork(networkId).disconnect({ Container: container, Force: false });
  }

  /** Network and container events, for refreshing the tree without polling. Returns a stop function. */
  async onEvents(listener: (type: string, action: string) => void): Promise<() => void> {
    const stream = (await this.docker.getEvents({
      filters: { type: ['network', 'container'] },
    })) as NodeJS.ReadableStream & { destroy?: () => void };
    let buffered = '';
    stream.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        const ev = z.looseObject({ Type: z.string(), Action: z.string() }).safeParse(safeJson(line));
        if (ev.success) listener(ev.data.Type, ev.data.Action);
      }
    });
    return () => stream.destroy?.();
  }
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
