import type Docker from 'dockerode';
import type { Transport } from '../transport/transport';

/**
 * A dockerode client over the host's transport. dockerode is loaded here, on first use, not when the extension
 * activates (it is most of the bundle's start-up cost).
 *
 * docker-modem honours `agent`, which its typings do not list: every request goes through the transport. The
 * host name is never resolved; it is `localhost` because VS Code's proxy support replaces the agent of any
 * request to another host name with its own.
 */
export async function dockerode(transport: Transport): Promise<Docker> {
  const { default: DockerClass } = await import('dockerode');
  const options: Docker.DockerOptions & { agent: unknown } = {
    protocol: 'http',
    host: 'localhost',
    port: 80,
    agent: transport.dockerAgent(),
  };
  return new DockerClass(options);
}
