import type { ProviderRuntime } from '../providers/runtime.js';
import type { DialectId } from '../providers/types.js';

/**
 * The cheapest call that proves a provider's key and endpoint:
 * - `get`: a GET with the provider's own headers (a model list, or an account/key endpoint); free. `orElse` is
 *   tried when it answers 404 (an endpoint a proxy, a compatible server or a simulator does not serve).
 * - `chat`: a one-token chat completion through the provider's dialect, for providers with no free keyed
 *   endpoint, or whose list is elsewhere or signed differently (Bedrock's is on the control-plane host, Azure's
 *   lists no deployments). It is billed, so the background prober runs it less often (see background-prober.ts).
 */
export type ProbePlan =
  | { kind: 'get'; path: string; what: 'models' | 'key' | 'account' | 'requests'; orElse?: ProbePlan; note?: string }
  | { kind: 'chat'; model: string }
  | { kind: 'none'; reason: string };

/** Per provider: where the default (the entry's modelsPath) does not prove the key. */
const BY_PROVIDER: Readonly<Record<string, (p: ProviderRuntime) => ProbePlan>> = {
  // OpenRouter's model list is public, so it proves the endpoint only; GET /key answers 401 to a bad key.
  openrouter: (p) => ({ kind: 'get', path: '/key', what: 'key', ...(p.entry.modelsPath ? { orElse: { kind: 'get', path: p.entry.modelsPath, what: 'models', note: 'public list: the key is not checked' } } : {}) }),
  // No model list; listing one's async requests is keyed and free. A one-token `sonar` call where it is not served.
  perplexity: (p) => ({ kind: 'get', path: '/async/chat/completions', what: 'requests', orElse: chatPlan(p) }),
  // AI21's model list is reported to answer without a key (issue 9), so it proves nothing: a one-token call does.
  ai21: (p) => chatPlan(p),
};

function chatPlan(provider: ProviderRuntime): ProbePlan {
  const model = probeModel(provider);
  if (!model) return { kind: 'none', reason: `${provider.entry.name} lists no model to probe and has no model-list endpoint` };
  return { kind: 'chat', model };
}

/** Per dialect: where the model list is not on the data-plane host or not signed the way chat calls are. */
const CHAT_DIALECTS: ReadonlySet<DialectId> = new Set<DialectId>([
  // SigV4 signs for the runtime host; ListFoundationModels lives on bedrock.<region>, another host and service.
  'bedrock',
  // The data plane's model list says nothing about deployments; a one-token call to a deployment does.
  'azure',
]);

/**
 * The model a chat probe uses: `settings.probeModel` (config file: `providers.<id>.settings.probeModel`),
 * else the provider's first listed model.
 */
export function probeModel(provider: ProviderRuntime): string | undefined {
  const configured = provider.settings.probeModel?.trim();
  return configured || provider.entry.models[0];
}

export function probePlanFor(provider: ProviderRuntime): ProbePlan {
  const special = BY_PROVIDER[provider.id];
  if (special) return special(provider);
  const entry = provider.entry;
  if (entry.modelsPath && !CHAT_DIALECTS.has(entry.dialect)) {
    // Replicate's modelsPath is /account: it proves the token and costs nothing.
    return { kind: 'get', path: entry.modelsPath, what: entry.modelsPath.endsWith('/account') ? 'account' : 'models' };
  }
  if (entry.dialect === 'elevenlabs') return { kind: 'get', path: '/v1/user', what: 'account' };
  return chatPlan(provider);
}

/** Whether a plan may cost money (a completion), as opposed to a free keyed GET. */
export function isBillable(plan: ProbePlan): boolean {
  return plan.kind === 'chat';
}

/** How the plan reads in the table: `GET /v1/models`, `chat sonar (1 token)`. */
export function describePlan(plan: ProbePlan, provider: ProviderRuntime): string {
  if (plan.kind === 'get') return `GET ${provider.basePath}${plan.path}${plan.note ? ` (${plan.note})` : ''}`;
  if (plan.kind === 'chat') return `chat ${plan.model} (1 token)`;
  return 'not probed';
}
