import { GatewayError } from '../errors/gateway-error.js';
import type { Route, RouteTarget } from '../routing/route.js';

/**
 * Which models a client key may use: patterns such as `openai/*`, `gpt-4o*` or `meta/llama-3.1-405b`, matched
 * case-insensitively against the model as asked and as resolved (canonical id), and, for each fallback target,
 * against `provider/upstream-id` and the upstream id. A key limited this way gets 403 for other models, and its
 * fallbacks only go to targets it may use (a substitute counts only if its own name matches).
 */
export class ModelAccess {
  readonly patterns: readonly string[];
  readonly #regexes: readonly RegExp[];

  constructor(patterns: readonly string[]) {
    this.patterns = patterns;
    this.#regexes = patterns.map(toRegex);
  }

  allows(name: string | undefined): boolean {
    if (!name) return false;
    for (const regex of this.#regexes) if (regex.test(name)) return true;
    return false;
  }

  #allowsTarget(target: RouteTarget, route: Route): boolean {
    if (!target.substituteFor && (this.allows(route.requested) || this.allows(route.canonical))) return true;
    return this.allows(`${target.provider.id}/${target.upstreamModel}`) || this.allows(target.upstreamModel);
  }

  /** The route with only the targets this key may use; 403 when the model itself, or every target, is out of bounds. */
  restrict(route: Route): Route {
    if (!this.allows(route.requested) && !this.allows(route.canonical)) throw forbidden(route.requested, this.patterns);
    const targets = route.targets.filter((t) => this.#allowsTarget(t, route));
    if (targets.length === 0 && route.targets.length > 0) throw forbidden(route.requested, this.patterns);
    return targets.length === route.targets.length ? route : { ...route, targets };
  }

  /** Models named beside the main one (a request's `models` fallbacks) must be allowed too. */
  checkNamed(models: readonly unknown[] | undefined): void {
    for (const model of models ?? []) if (typeof model === 'string' && !this.allows(model)) throw forbidden(model, this.patterns, 'models');
  }
}

function forbidden(model: string, patterns: readonly string[], param = 'model'): GatewayError {
  return new GatewayError(403, `This API key may not use the model "${model}"; it may use: ${patterns.join(', ')}.`, { code: 'model_not_allowed', param });
}

function toRegex(pattern: string): RegExp {
  const escaped = pattern.trim().replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

/** `a,b c` → ['a','b','c']; empty → null (no restriction). */
export function parseModelPatterns(text: string | undefined | null): string[] | null {
  if (text === undefined || text === null) return null;
  const list = text.split(/[\s,]+/).map((p) => p.trim()).filter(Boolean);
  return list.length ? list : null;
}
