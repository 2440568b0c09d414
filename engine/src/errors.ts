import { EngineErrorCode } from '@switchyard/protocol';

/** An error with a JSON-RPC code; its message is the one line the CLI prints and the client shows. */
export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    readonly kind = 'engine',
  ) {
    super(message);
  }
  static invalid(msg: string) {
    return new EngineError(EngineErrorCode.InvalidParams, msg, 'invalid');
  }
  static notFound(msg: string) {
    return new EngineError(EngineErrorCode.NotFound, msg, 'notFound');
  }
  static conflict(msg: string) {
    return new EngineError(EngineErrorCode.Conflict, msg, 'conflict');
  }
  static inUse(msg: string) {
    return new EngineError(EngineErrorCode.InUse, msg, 'inUse');
  }
  static forbidden(msg: string) {
    return new EngineError(EngineErrorCode.Forbidden, msg, 'forbidden');
  }
  static unavailable(msg: string) {
    return new EngineError(EngineErrorCode.Unavailable, msg, 'unavailable');
  }
  static kernel(msg: string) {
    return new EngineError(EngineErrorCode.Kernel, msg, 'kernel');
  }
}
