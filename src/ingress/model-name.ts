import { z } from 'zod';

/**
 * A model name travels upstream (in bodies, URL paths, sometimes headers) and back in the `x-wai-model` header:
 * only printable ASCII without spaces is accepted, so a CR/LF, NUL or non-ASCII name is refused before any
 * provider sees (or bills) it.
 */
export const modelName = z.string().min(1).regex(/^[\x21-\x7e]+$/, 'model names are printable ASCII, without spaces or control characters');
