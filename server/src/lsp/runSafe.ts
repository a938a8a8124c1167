/** Every handler runs through here: a thrown error becomes a log line and an empty result, never a dead server. */
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';
import { workDone } from './idleCollect';

export interface Logger {
  error(message: string): void;
  info?(message: string): void;
}

const describe = (e: unknown): string => (e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e));

export async function runSafe<T>(log: Logger, what: string, empty: T, token: CancellationToken | undefined, run: () => T | Promise<T>): Promise<T | ResponseError<never>> {
  if (token?.isCancellationRequested) return new ResponseError<never>(LSPErrorCodes.RequestCancelled, 'Request cancelled');
  try {
    const result = await run();
    if (token?.isCancellationRequested) return new ResponseError<never>(LSPErrorCodes.RequestCancelled, 'Request cancelled');
    return result;
  } catch (e) {
    log.error(`${what} failed: ${describe(e)}`);
    return empty;
  } finally {
    workDone();
  }
}

/** For notifications: nothing to return, just log. */
export function runSafeVoid(log: Logger, what: string, run: () => void | Promise<void>): void {
  try {
    const result = run();
    if (result instanceof Promise) result.catch((e: unknown) => log.error(`${what} failed: ${describe(e)}`)).finally(workDone);
  } catch (e) {
    log.error(`${what} failed: ${describe(e)}`);
  } finally {
    workDone();
  }
}
