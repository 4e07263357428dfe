import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.js';
import { ConfigError } from '../errors/config-error.js';
import { buildEngine } from '../engine/build-engine.js';
import type { ExplainedCandidate, RouteExplanation } from '../routing/planner.js';
import { LEVEL_NAMES, type Level } from '../routing/route.js';
import { COST_POLICIES, type CostPolicy } from '../config/cost-policies.js';

/** `wai route MODEL --explain [--json] [--policy P] [--config FILE]` */
export async function routeCommand(argv: string[], out: { write(text: string): unknown }, env?: Record<string, string | undefined>): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { explain: { type: 'boolean' }, json: { type: 'boolean' }, policy: { type: 'string' }, config: { type: 'string' } },
    strict: true,
  });
  const model = positionals[0];
  if (!model) throw new ConfigError('wai route needs a model, e.g. wai route meta/llama-3.1-405b --explain');
  if (values.policy !== undefined && !COST_POLICIES.includes(values.policy as CostPolicy)) {
    throw new ConfigError(`--policy: use one of ${COST_POLICIES.join(', ')}`);
  }
  const engine = buildEngine({ config: loadConfig({ ...(values.config ? { configFile: values.config } : {}), ...(env ? { env } : {}) }) });
  try {
    const explained = engine.planner.explain(model, values.policy ? { wai: { cost_policy: values.policy as CostPolicy } } : {});
    if (values.json) {
      out.write(`${JSON.stringify(explained, null, 2)}\n`);
      return 0;
    }
    out.write(renderRoute(model, explained, values.explain === true));
    return 0;
  } finally {
    await engine.close();
  }
}

/** The five levels as text, one candidate a line (with the reason it is in or out when `explain`). */
export function renderRoute(model: string, explained: RouteExplanation, explain: boolean): string {
  const lines = [`Route for ${model}${explained.canonical ? ` (${explained.canonical})` : ''}, cost policy ${explained.policy}:`];
  for (const level of [1, 2, 3, 4, 5] as Level[]) {
    const rows = explained.candidates.filter((c) => c.level === level);
    lines.push('', `${level}. ${LEVEL_NAMES[level]}`);
    if (level === 5) {
      lines.push('   no cache: a fast 503 listing every attempt');
      continue;
    }
    if (!rows.length) lines.push('   (no candidate)');
    for (const row of rows) lines.push(`   ${formatRow(row, explain)}`);
  }
  return `${lines.join('\n')}\n`;
}

function formatRow(row: ExplainedCandidate, explain: boolean): string {
  const mark = row.inRoute ? 'IN ' : 'out';
  const price = row.free ? 'free' : row.price ? `$${row.price.input}/$${row.price.output} per M` : 'price unknown';
  const sub = row.substituteFor ? ` (substitute for ${row.substituteFor})` : '';
  const window = row.contextWindow ? `, ${row.contextWindow} ctx` : '';
  return `${mark} ${row.provider}/${row.model}${sub}: ${price}${window}${explain ? ` - ${row.reason}` : ''}`;
}
