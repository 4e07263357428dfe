import type { ContentPart } from '../../types/chat.js';
import type { GeminiPart } from './wire-types.js';
import { isRecord } from '../../internal/json.js';

/** Why a content part could not be sent; the request builder turns it into an invalid_request error. */
export class UnsupportedContent extends Error {}

const EXTENSION_MIME: Record<string, string> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif',
  heic: 'image/heic', heif: 'image/heif', pdf: 'application/pdf', mp3: 'audio/mp3', wav: 'audio/wav',
  ogg: 'audio/ogg', flac: 'audio/flac', aac: 'audio/aac', mp4: 'video/mp4', webm: 'video/webm', txt: 'text/plain',
};

const DATA_URL = /^data:([^;,]*)((?:;[^;,]*)*),(.*)$/s;

/** `data:<mime>;base64,<data>` -> inlineData. Percent-encoded (non-base64) data URLs are re-encoded as base64. */
export function dataUrlPart(url: string, fallbackMime: string): GeminiPart | undefined {
  const match = DATA_URL.exec(url);
  if (!match) return undefined;
  const mimeType = match[1] || fallbackMime;
  const base64 = match[2]!.split(';').includes('base64');
  const payload = match[3]!;
  const data = base64 ? payload : Buffer.from(decodeURIComponent(payload), 'utf8').toString('base64');
  return { inlineData: { mimeType, data } };
}

/** An image (or other media) URL: data URLs travel inline, http(s) URLs as fileData (Gemini fetches them). */
export function mediaPart(url: string, fallbackMime: string): GeminiPart {
  if (url.startsWith('data:')) {
    const part = dataUrlPart(url, fallbackMime);
    if (!part) throw new UnsupportedContent('a data: URL could not be read');
    return part;
  }
  if (/^https?:\/\//i.test(url) || url.startsWith('gs://')) {
    return { fileData: { mimeType: mimeFromUrl(url) ?? fallbackMime, fileUri: url } };
  }
  throw new UnsupportedContent(`media URL "${url.slice(0, 40)}" is neither a data: URL nor an http(s) URL`);
}

/** Gemini wants a MIME type on fileData; it is guessed from the URL's extension. */
export function mimeFromUrl(url: string): string | undefined {
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    // not a parseable URL: use it as it is
  }
  const dot = path.lastIndexOf('.');
  if (dot < 0) return undefined;
  return EXTENSION_MIME[path.slice(dot + 1).toLowerCase()];
}

/** One OpenAI user content part -> one Gemini part (undefined: nothing to send, e.g. empty text). */
export function userPart(part: ContentPart): GeminiPart | undefined {
  switch (part.type) {
    case 'text':
      return part.text === '' ? undefined : { text: part.text };
    case 'image_url':
      return mediaPart(part.image_url.url, 'image/jpeg');
    case 'input_audio': {
      const format = part.input_audio.format || 'wav';
      return { inlineData: { mimeType: format.includes('/') ? format : `audio/${format}`, data: part.input_audio.data } };
    }
    case 'file':
      return filePart(part.file);
    default: {
      // `refusal` parts (from an earlier assistant turn pasted back) carry text too.
      const loose = part as unknown as Record<string, unknown>;
      if (typeof loose.text === 'string' && loose.text !== '') return { text: loose.text };
      if (typeof loose.refusal === 'string' && loose.refusal !== '') return { text: loose.refusal };
      throw new UnsupportedContent(`content part type "${String(loose.type)}" is not supported by Gemini`);
    }
  }
}

/** OpenAI `file` parts: `file_data` is a data URL; a `file_id` that is a URL (Gemini Files API uri) is referenced. */
function filePart(file: Record<string, unknown>): GeminiPart {
  const filename = typeof file.filename === 'string' ? file.filename : '';
  const fallback = (filename && mimeFromUrl(filename)) || 'application/pdf';
  if (typeof file.file_data === 'string') {
    const data = file.file_data;
    if (data.startsWith('data:')) return mediaPart(data, fallback);
    // Bare base64 without the data: prefix.
    return { inlineData: { mimeType: fallback, data } };
  }
  if (typeof file.file_id === 'string' && /^https?:\/\//i.test(file.file_id)) {
    return { fileData: { mimeType: fallback, fileUri: file.file_id } };
  }
  throw new UnsupportedContent('a file part needs file_data (a data URL) or a file_id that is a URL');
}

/** Text of a system/assistant/tool content: a string or the text parts of an array. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const texts: string[] = [];
  for (const part of content) {
    if (!isRecord(part)) continue;
    if (typeof part.text === 'string') texts.push(part.text);
    else if (typeof part.refusal === 'string') texts.push(part.refusal);
  }
  return texts.join('');
}
