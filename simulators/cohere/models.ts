/** GET /v1/models in Cohere's list format (`{models:[…], next_page_token}`); the fields the gateway may read. */
const model = (name: string, contextLength: number, features: string[]) => ({
  name,
  endpoints: ['chat'],
  finetuned: false,
  context_length: contextLength,
  tokenizer_url: `https://storage.googleapis.com/cohere-public/tokenizers/${name}.json`,
  default_endpoints: [],
  features,
});

export const MODELS_BODY = JSON.stringify({
  models: [
    model('command-a-03-2025', 256000, ['json_mode', 'json_schema', 'strict_tools', 'tools']),
    model('command-a-reasoning-08-2025', 256000, ['json_mode', 'json_schema', 'tools', 'reasoning']),
    model('command-a-vision-07-2025', 128000, ['json_mode', 'json_schema', 'vision']),
    model('command-r-plus-08-2024', 128000, ['json_mode', 'json_schema', 'tools']),
    model('command-r7b-12-2024', 128000, ['json_mode', 'json_schema', 'tools']),
  ],
});
