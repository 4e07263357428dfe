/** Usage text of each `wai` command, printed by `wai COMMAND --help` before the command parses its options. */
export const COMMAND_HELP: Readonly<Record<string, string>> = {
  serve: `wai serve [--port N] [--host H] [--config FILE]
  Starts the gateway (default http://127.0.0.1:8787) with its dashboard at /dashboard.
  Keys come from each provider's usual variable (OPENAI_API_KEY, OPENROUTER_API_KEY, ...) or the config file.
`,
  demo: `wai demo [--port N] [--no-traffic]
  Starts the gateway over simulated providers (loopback only; nothing real is called), in the state the seed
  describes: OpenRouter, Together and Groq working; Replicate, Perplexity, Cohere, xAI, AI21, Bedrock and Sarvam
  failing. Sends a little traffic of its own (unless --no-traffic), prints the doctor's report and a route
  explanation, and keeps serving until Ctrl-C so you can open the dashboard and send your own requests.
`,
  models: `wai models [--config FILE] [--json]
  Lists the models reachable with the keys present (the config's catalog overrides applied).
`,
  route: `wai route MODEL [--explain] [--json] [--policy P] [--config FILE]
  The five fallback levels for MODEL now, and why each candidate is in or out.
`,
  doctor: `wai doctor [--json] [--config FILE] [--timeout MS]
  Probes every keyed provider; prints the status table and where broken providers' traffic goes.
`,
  catalog: `wai catalog sync [--out FILE] [--config FILE]
  Refreshes OpenRouter offerings and prices from its public model list.
`,
};

/** True when the arguments ask for help (`--help` or `-h` anywhere before a `--`). */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const arg of argv) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}
