/** Public types of the ElevenLabs text-to-speech simulator. */
import type { Fault } from '../openai-compatible/types.js';
import type { SpeechRecordedRequest } from './recorder.js';

export interface SpeechSimulatorOptions {
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The only accepted key. Default: any non-empty key is accepted unless it contains 'bad'. */
  key?: string;
}

/** One simulated speech provider (ElevenLabs, or OpenAI's speech endpoint). */
export interface SpeechSimulator {
  /** http://127.0.0.1:PORT */
  url: string;
  /** What to put in the provider's <ID>_BASE_URL. */
  baseUrl: string;
  /** The next requests consume these faults in order. The leading provider id is optional. */
  enqueue(provider: string, ...faults: Fault[]): void;
  enqueue(...faults: Fault[]): void;
  /** Applies to every request while set (after the queue). */
  setDefault(fault: Fault | null): void;
  setDefault(provider: string, fault: Fault | null): void;
  /** Clears queue, default and request records. */
  reset(): void;
  /** What was received, oldest first (the last 1000 requests); credentials read '***'. */
  requests(provider?: string): SpeechRecordedRequest[];
  close(): Promise<void>;
}
