/**
 * The hostile upstream on a worker thread of its own: the chaos clients and their checks share the runner's event
 * loop, and a clean provider answering late because of them would be blamed (rightly) on that provider.
 * Loaded as a test file by the runner, this module only exports.
 */
import { isMainThread, parentPort, workerData, Worker } from 'node:worker_threads';
import { startHostileUpstream } from './hostile-upstream.js';

const ROLE = 'wai-hostile-upstream';

if (!isMainThread && (workerData as { role?: string } | null)?.role === ROLE) {
  const upstream = await startHostileUpstream();
  parentPort!.on('message', async (message: unknown) => {
    if (message !== 'close') return;
    const counts = Object.fromEntries(upstream.counts);
    await upstream.close();
    parentPort!.postMessage({ counts });
  });
  parentPort!.postMessage({ url: upstream.url });
}

export interface UpstreamThread {
  url: string;
  /** Stops it; resolves with the requests it served per fault. */
  close(): Promise<Record<string, number>>;
}

export async function startUpstreamThread(): Promise<UpstreamThread> {
  const worker = new Worker(new URL(import.meta.url), { workerData: { role: ROLE } });
  const url = await new Promise<string>((resolve, reject) => {
    worker.once('message', (message: { url: string }) => resolve(message.url));
    worker.once('error', reject);
  });
  let closed: Promise<Record<string, number>> | undefined;
  return {
    url,
    close: () => {
      closed ??= new Promise<Record<string, number>>((resolve) => {
        worker.once('message', (message: { counts: Record<string, number> }) => resolve(message.counts));
        worker.postMessage('close');
      }).then(async (counts) => {
        await worker.terminate();
        return counts;
      });
      return closed;
    },
  };
}
