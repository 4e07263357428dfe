/**
 * The error classes of docs/architecture.md. The class of a failed attempt decides what the executor does next
 * and what the provider's health becomes.
 */
export type ErrorClass =
  | 'no_key'
  | 'auth'
  | 'quota'
  | 'rate_limited'
  | 'model_unavailable'
  | 'unsupported'
  | 'context_length'
  | 'invalid_request'
  | 'transient';
