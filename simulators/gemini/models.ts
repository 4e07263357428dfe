/** `GET /v1beta/models` and `GET /v1beta/models/{model}`, in the Gemini API's Model shape. */

const MODELS: Array<[id: string, display: string, thinking: boolean]> = [
  ['gemini-2.5-pro', 'Gemini 2.5 Pro', true],
  ['gemini-2.5-flash', 'Gemini 2.5 Flash', true],
  ['gemini-2.5-flash-lite', 'Gemini 2.5 Flash-Lite', true],
  ['gemini-2.0-flash', 'Gemini 2.0 Flash', false],
  ['gemini-3-pro-preview', 'Gemini 3 Pro Preview', true],
];

function model([id, display, thinking]: (typeof MODELS)[number]): Record<string, unknown> {
  return {
    name: `models/${id}`,
    version: '001',
    displayName: display,
    description: `${display} (simulated)`,
    inputTokenLimit: 1048576,
    outputTokenLimit: 65536,
    supportedGenerationMethods: ['generateContent', 'countTokens', 'createCachedContent', 'batchGenerateContent'],
    temperature: 1,
    topP: 0.95,
    topK: 64,
    maxTemperature: 2,
    thinking,
  };
}

const LIST = JSON.stringify({ models: MODELS.map(model) }, null, 2) + '\n';

export function modelList(): string {
  return LIST;
}

export function modelEntry(id: string): string | undefined {
  const found = MODELS.find((m) => m[0] === id.replace(/^models\//, ''));
  return found ? JSON.stringify(model(found), null, 2) + '\n' : undefined;
}
