import type { IncomingMessage, ServerResponse, Server } from 'node:http';

/** A listener that has fallen this far behind (bytes queued) is dropped rather than buffered without bound. */
const MAX_QUEUED_BYTES = 1_000_000;
/** How often listeners are checked for a server that is shutting down. */
const LIVENESS_MS = 500;

interface Listener {
  res: ServerResponse;
  server: Server | undefined;
  /** `hangUp`: also close the connection (the server is going away, keep-alive would hold it). */
  cleanup: (hangUp?: boolean) => void;
}

export interface EventHubOptions {
  heartbeatMs: number;
  onFirstListener?: () => void;
  onLastListenerGone?: () => void;
}

/** One server-sent event, framed: each line of the JSON is its own `data:` line (JSON has none, but be safe). */
export function sseFrame(event: string, data: unknown): string {
  const text = JSON.stringify(data);
  return `event: ${event}\n${text.split('\n').map((line) => `data: ${line}`).join('\n')}\n\n`;
}

/**
 * The server-sent event streams of /admin/events: broadcast, heartbeats, and clean-up when a listener leaves,
 * falls too far behind, or the HTTP server is closing (an open stream would otherwise hold `server.close()`).
 */
export class EventHub {
  readonly #listeners = new Set<Listener>();
  readonly #options: EventHubOptions;
  #timer: ReturnType<typeof setInterval> | undefined;
  #lastBeat = 0;

  constructor(options: EventHubOptions) {
    this.#options = { ...options };
  }

  /** Takes effect when the heartbeat timer next starts (on the first listener). */
  setHeartbeat(ms: number): void {
    this.#options.heartbeatMs = ms;
  }

  get listeners(): number {
    return this.#listeners.size;
  }

  /** Opens the stream on `res` and keeps it until the client goes. */
  open(req: IncomingMessage, res: ServerResponse, greeting: Array<[string, unknown]> = []): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-content-type-options': 'nosniff',
    });
    res.write(`retry: 3000\n\n`);
    for (const [event, data] of greeting) res.write(sseFrame(event, data));
    req.socket.setKeepAlive(true);
    req.socket.setNoDelay(true);
    const listener: Listener = {
      res,
      server: (req.socket as unknown as { server?: Server }).server,
      cleanup: (hangUp = false) => {
        if (!this.#listeners.delete(listener)) return;
        // The socket is detached from the response once it finishes: keep hold of it to hang up.
        const socket = req.socket;
        if (!res.writableEnded) res.end(() => { if (hangUp) socket.destroy(); });
        else if (hangUp) socket.destroy();
        if (this.#listeners.size === 0) {
          this.#stopTimer();
          this.#options.onLastListenerGone?.();
        }
      },
    };
    const first = this.#listeners.size === 0;
    this.#listeners.add(listener);
    res.on('close', () => listener.cleanup());
    res.on('error', () => listener.cleanup());
    if (first) {
      this.#startTimer();
      this.#options.onFirstListener?.();
    }
  }

  broadcast(event: string, data: unknown): void {
    if (this.#listeners.size === 0) return;
    const frame = sseFrame(event, data);
    for (const listener of [...this.#listeners]) this.#write(listener, frame);
  }

  closeAll(): void {
    for (const listener of [...this.#listeners]) listener.cleanup(true);
  }

  #write(listener: Listener, text: string): void {
    const { res } = listener;
    if (res.writableEnded || res.destroyed) return listener.cleanup();
    if (res.writableLength > MAX_QUEUED_BYTES) {
      res.destroy();
      return listener.cleanup();
    }
    res.write(text);
  }

  #startTimer(): void {
    if (this.#timer) return;
    this.#lastBeat = Date.now();
    this.#timer = setInterval(() => this.#tick(), Math.min(LIVENESS_MS, this.#options.heartbeatMs));
    this.#timer.unref();
  }

  #stopTimer(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #tick(): void {
    const beat = Date.now() - this.#lastBeat >= this.#options.heartbeatMs;
    if (beat) this.#lastBeat = Date.now();
    for (const listener of [...this.#listeners]) {
      // A server that stopped listening is shutting down: end the stream so it can finish closing.
      if (listener.server && !listener.server.listening) {
        listener.cleanup(true);
        continue;
      }
      if (beat) this.#write(listener, `: heartbeat ${new Date().toISOString()}\n\n`);
    }
  }
}
