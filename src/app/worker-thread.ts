// Starts a worker thread on a module beside the caller's, compiled or from TypeScript sources.
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * `name`: the worker module's file name without extension, in the directory of `callerUrl` (the
 * caller's import.meta.url). Run from TypeScript sources (tests, tsx) the worker registers tsx's
 * loader first, then imports the TypeScript entry.
 */
export function startWorker(callerUrl: string, name: string, workerData: unknown, resourceLimits?: ResourceLimits): Worker {
  const ext = extname(fileURLToPath(callerUrl));
  const entry = new URL(`./${name}${ext}`, callerUrl);
  const options = { workerData, ...(resourceLimits ? { resourceLimits } : {}) };
  if (ext !== '.ts') return new Worker(entry, options);
  return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`, { eval: true, ...options });
}
