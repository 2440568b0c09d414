import { z } from 'zod';

/** The parts of Docker Engine API replies Switchyard reads. Unknown fields pass through untouched. */
export const DockerIpamConfigSchema = z.looseObject({
  Subnet: z.string().optional(),
  Gateway: z.string().optional(),
  IPRange: z.string().optional(),
  AuxiliaryAddresses: z.record(z.string(), z.string()).nullish(),
});

export const DockerEndpointSchema = z.looseObject({
  Name: z.string().default(''),
  EndpointID: z.string().default(''),
  MacAddress: z.string().default(''),
  IPv4Address: z.string().default(''),
  IPv6Address: z.string().default(''),
});

export const DockerNetworkSchema = z.looseObject({
  Name: z.string(),
  Id: z.string(),
  Created: z.string().optional(),
  Scope: z.string().default('local'),
  Driver: z.string().default(''),
  EnableIPv6: z.boolean().default(false),
  Internal: z.boolean().default(false),
  Attachable: z.boolean().default(false),
  IPAM: z
    .looseObject({
      Driver: z.string().default('default'),
      Config: z.array(DockerIpamConfigSchema).nullish(),
      Options: z.record(z.string(), z.string()).nullish(),
    })
    .default({ Driver: 'default', Config: [] }),
  Containers: z.record(z.string(), DockerEndpointSchema).nullish(),
  Options: z.record(z.string(), z.string()).nullish(),
  Labels: z.record(z.string(), z.string()).nullish(),
  /** A swarm overlay network: the other nodes with tasks on it (as `docker network inspect` shows them). */
  Peers: z
    .array(z.looseObject({ Name: z.string(), IP: z.string() }))
    .max(4096)
    .nullish(),
});
export type DockerNetwork = z.infer<typeof DockerNetworkSchema>;

export const DockerPortSchema = z.looseObject({
  IP: z.string().optional(),
  PrivatePort: z.number(),
  PublicPort: z.number().optional(),
  Type: z.string(),
});

export const DockerContainerSummarySchema = z.looseObject({
  Id: z.string(),
  Names: z.array(z.string()).default([]),
  Image: z.string().default(''),
  State: z.string().default(''),
  Status: z.string().default(''),
  Ports: z.array(DockerPortSchema).default([]),
  NetworkSettings: z
    .looseObject({
      Networks: z
        .record(
          z.string(),
          z.looseObject({
            IPAddress: z.string().default(''),
            GlobalIPv6Address: z.string().default(''),
            MacAddress: z.string().default(''),
            Aliases: z.array(z.string()).nullish(),
            NetworkID: z.string().default(''),
          }),
        )
        .nullish(),
    })
    .nullish(),
});
export type DockerContainerSummary = z.infer<typeof DockerContainerSummarySchema>;

/** What `GET /info` says of the swarm the engine is part of (only the fields Switchyard reads). */
export const DockerInfoSwarmSchema = z.looseObject({
  Swarm: z
    .looseObject({ LocalNodeState: z.string().optional(), Nodes: z.number().int().optional() })
    .optional(),
});
