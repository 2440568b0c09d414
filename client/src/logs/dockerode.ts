import Docker from 'dockerode';
import type { Transport } from '../hosts/transport';

/**
 * A dockerode client over the host's transport, for what DockerHost does not wrap (container logs, networks
 * with several IPAM configs). Built exactly as DockerHost builds its own: see the note there on `localhost`.
 */
export function dockerode(transport: Transport): Docker {
  const options: Docker.DockerOptions & { agent: unknown } = {
    protocol: 'http',
    host: 'localhost',
    port: 80,
    agent: transport.dockerAgent(),
  };
  return new Docker(options);
}
