import type Docker from 'dockerode';
import { z } from 'zod';
import type { DockerContainerSummary, DockerNetwork, HostSnapshot } from '@switchyard/protocol';
import {
  inspectDockerNetwork,
  readDockerContainers,
  readDockerNetworks,
  readDockerSnapshot,
  readDockerVersion,
} from '@switchyard/hostio';
import { dockerCreateBody } from '../engine-control/network-request';
import type { NetworkRequest } from '../engine-control/network-request';
import type { Transport } from '../transport/transport';
import { dockerode } from './dockerode';

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
  version(): Promise<string | undefined> {
    return readDockerVersion(this.docker);
  }

  /** Every network with its endpoints (see hostio's reader: list, inspect each, a 404 is a removed one). */
  networks(): Promise<DockerNetwork[]> {
    return readDockerNetworks(this.docker);
  }

  inspectNetwork(id: string): Promise<DockerNetwork> {
    return inspectDockerNetwork(this.docker, id);
  }

  containers(): Promise<DockerContainerSummary[]> {
    return readDockerContainers(this.docker);
  }

  /** The host snapshot of this Docker engine, named `host`, and the networks it was made from. */
  snapshot(host: string): Promise<{ snapshot: HostSnapshot; networks: DockerNetwork[] }> {
    return readDockerSnapshot(this.docker, host);
  }

  async createNetwork(req: NetworkRequest): Promise<string> {
    const net = await this.docker.createNetwork(dockerCreateBody(req));
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
