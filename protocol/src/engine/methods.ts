import { z } from 'zod';
import * as c from './cluster';
import * as d from './diag';
import * as l from './logs';
import * as n from './network';
import * as s from './sandbox';
import * as v from './service';
import * as vp from './service-probe';

const NoParams = z.strictObject({}).default({});

/** Every engine RPC method: the schema its params must pass before anything changes, and its result's. */
export const engineMethods = {
  version: { params: NoParams, result: l.VersionResultSchema },
  'network.create': { params: n.NetworkCreateParamsSchema, result: n.NetworkInspectSchema },
  'network.ls': { params: n.NetworkLsParamsSchema, result: n.NetworkLsResultSchema },
  'network.inspect': { params: n.NetworkRefParamsSchema, result: n.NetworkInspectSchema },
  'network.rm': { params: n.NetworkRefParamsSchema, result: n.NetworkRmResultSchema },
  'network.prune': { params: n.NetworkPruneParamsSchema, result: n.NetworkPruneResultSchema },
  'network.connect': { params: n.NetworkConnectParamsSchema, result: s.EndpointInfoSchema },
  'network.disconnect': {
    params: n.NetworkDisconnectParamsSchema,
    result: z.object({ ok: z.literal(true) }),
  },
  'sandbox.create': { params: s.SandboxCreateParamsSchema, result: s.SandboxInfoSchema },
  'sandbox.ls': { params: NoParams, result: s.SandboxLsResultSchema },
  'sandbox.inspect': { params: s.SandboxRefParamsSchema, result: s.SandboxInfoSchema },
  'sandbox.rm': { params: s.SandboxRmParamsSchema, result: s.SandboxRmResultSchema },
  'sandbox.exec': { params: s.SandboxExecParamsSchema, result: s.ExecResultSchema },
  'diag.ping': { params: d.PingParamsSchema, result: d.PingSummarySchema },
  'diag.dns': { params: d.DnsParamsSchema, result: d.DnsResultSchema },
  'diag.tcp': { params: d.TcpParamsSchema, result: d.TcpResultSchema },
  'diag.capture': { params: d.CaptureParamsSchema, result: d.CaptureResultSchema },
  'node.ls': { params: NoParams, result: c.NodeLsResultSchema },
  'service.create': { params: v.ServiceCreateParamsSchema, result: v.ServiceInfoSchema },
  'service.ls': { params: NoParams, result: v.ServiceLsResultSchema },
  'service.inspect': { params: v.ServiceRefParamsSchema, result: v.ServiceInfoSchema },
  'service.scale': { params: v.ServiceScaleParamsSchema, result: v.ServiceInfoSchema },
  'service.rm': { params: v.ServiceRefParamsSchema, result: v.ServiceRmResultSchema },
  'service.ps': { params: v.ServiceRefParamsSchema, result: v.ServicePsResultSchema },
  'service.probe': { params: vp.ServiceProbeParamsSchema, result: vp.ServiceProbeResultSchema },
  logs: { params: l.LogsParamsSchema, result: l.LogsResultSchema },
  events: { params: l.EventsParamsSchema, result: l.EventsResultSchema },
} as const;

export type EngineMethod = keyof typeof engineMethods;
export type EngineParams<M extends EngineMethod> = z.input<(typeof engineMethods)[M]['params']>;
export type EngineParsedParams<M extends EngineMethod> = z.output<(typeof engineMethods)[M]['params']>;
export type EngineResult<M extends EngineMethod> = z.output<(typeof engineMethods)[M]['result']>;
export const ENGINE_METHODS = Object.keys(engineMethods) as EngineMethod[];
