import { isRecord } from '../../internal/json.js';

/**
 * JSON Schema (as OpenAI callers write tool parameters and response schemas) -> the Schema object Gemini's
 * `parameters` and `responseSchema` accept, which is a subset of OpenAPI 3.0.
 *
 * Gemini parses these fields as a protobuf message, so any key it does not know fails the whole request with
 * `400 Invalid JSON payload received. Unknown name "additionalProperties"`. Hence a whitelist: keys below are
 * kept, everything else (`additionalProperties`, `$schema`, `$id`, `$comment`, `strict`, `examples`,
 * `patternProperties`, `not`, `if`/`then`/`else`, `multipleOf`, `uniqueItems`, `readOnly` …) is dropped.
 * Dropping only loosens validation; the model still sees names, types and descriptions.
 * Other rewrites:
 * - `type: ["string","null"]` and `anyOf: [X, {type:"null"}]` become `nullable: true`;
 * - `oneOf` becomes `anyOf` (Gemini has no oneOf); a single-element `allOf` is inlined, several are merged;
 * - local `$ref`s (`#/$defs/…`, `#/definitions/…`) are inlined (Gemini's `parameters` has no references);
 *   a recursive reference is cut to a plain object rather than looping;
 * - `const` becomes a one-value `enum`; `enum` is kept only when every value is a string (Gemini enums are strings);
 * - `format` is kept only where Gemini knows it (`enum`, `date-time` for strings; `int32`, `int64`, `float`,
 *   `double` for numbers): other formats are rejected upstream;
 * - `exclusiveMinimum`/`exclusiveMaximum` become `minimum`/`maximum`;
 * - type names are written in upper case, as the protobuf enum spells them;
 * - Gemini rejects a nested schema without a type ("type: must be specified when not using one_of, any_of or
 *   all_of fields") and an ARRAY without `items` ("items: missing field"). A missing type is guessed from the
 *   other keys (enum values, bounds), else STRING, the most permissive choice (any value can be written as text);
 *   a missing `items` becomes STRING items. Enum values that are not strings are listed in the description.
 */
const KEPT = [
  'title', 'description', 'nullable', 'pattern', 'minimum', 'maximum', 'minLength', 'maxLength',
  'minItems', 'maxItems', 'minProperties', 'maxProperties', 'default', 'example', 'propertyOrdering',
] as const;

const STRING_FORMATS = new Set(['enum', 'date-time']);
const NUMBER_FORMATS = new Set(['int32', 'int64', 'float', 'double']);
const MAX_DEPTH = 32;

type Schema = Record<string, unknown>;

interface Walk {
  root: Schema;
  /** `$ref`s being expanded on the current path, to stop recursion. */
  expanding: Set<string>;
}

/** The Gemini form of a JSON Schema; undefined for an empty or meaningless schema. */
export function toGeminiSchema(schema: unknown): Schema | undefined {
  if (!isRecord(schema) || Object.keys(schema).length === 0) return undefined;
  return convert(schema, { root: schema, expanding: new Set() }, 0);
}

/**
 * Tool parameters: an object schema without properties is left out entirely, because Gemini rejects
 * `type: OBJECT` with empty `properties` for a function declaration (a tool with no arguments).
 */
export function toGeminiParameters(schema: unknown): Schema | undefined {
  const converted = toGeminiSchema(schema);
  if (!converted) return undefined;
  if (!isRecord(converted.properties) && converted.anyOf === undefined) return undefined;
  return converted;
}

function convert(input: Schema, walk: Walk, depth: number): Schema | undefined {
  if (depth > MAX_DEPTH) return { type: 'OBJECT' };
  const node = resolveRef(input, walk);
  if (node === 'cycle') return { type: 'OBJECT', ...(typeof input.description === 'string' ? { description: input.description } : {}) };
  const ref = typeof input.$ref === 'string' ? input.$ref : undefined;
  if (ref) walk.expanding.add(ref);
  try {
    return convertNode(node, walk, depth);
  } finally {
    if (ref) walk.expanding.delete(ref);
  }
}

function convertNode(node: Schema, walk: Walk, depth: number): Schema | undefined {
  const out: Schema = {};
  for (const key of KEPT) if (node[key] !== undefined) out[key] = node[key];
  if (typeof node.exclusiveMinimum === 'number' && out.minimum === undefined) out.minimum = node.exclusiveMinimum;
  if (typeof node.exclusiveMaximum === 'number' && out.maximum === undefined) out.maximum = node.exclusiveMaximum;
  if (out.example === undefined && Array.isArray(node.examples) && node.examples.length > 0) out.example = node.examples[0];

  applyType(node.type, out);

  if (isRecord(node.properties)) {
    const properties: Schema = {};
    for (const [name, value] of Object.entries(node.properties)) {
      const converted = isRecord(value) ? convert(value, walk, depth + 1) : undefined;
      properties[name] = converted ?? { type: 'STRING' };
    }
    if (Object.keys(properties).length > 0) {
      out.properties = properties;
      out.type ??= 'OBJECT';
      if (Array.isArray(node.required)) {
        const required = node.required.filter((r): r is string => typeof r === 'string' && r in properties);
        if (required.length > 0) out.required = required;
      }
    }
  }

  const items = Array.isArray(node.items) ? node.items[0] : node.items;
  if (isRecord(items)) {
    const converted = convert(items, walk, depth + 1);
    if (converted) out.items = converted;
    out.type ??= 'ARRAY';
  }

  if (typeof node.const === 'string') {
    out.enum = [node.const];
    out.type ??= 'STRING';
  } else if (Array.isArray(node.enum)) {
    const values = node.enum.filter((v) => v !== null);
    if (values.length > 0 && values.every((v) => typeof v === 'string')) {
      out.enum = values;
      out.type ??= 'STRING';
    } else if (values.length > 0) {
      out.type ??= typeOfValues(values);
      const listed = `Allowed values: ${values.map((v) => JSON.stringify(v)).join(', ')}.`;
      out.description = typeof out.description === 'string' ? `${out.description} ${listed}` : listed;
    }
    if (values.length < node.enum.length) out.nullable = true;
  }

  if (typeof node.format === 'string') {
    const allowed = out.type === 'STRING' ? STRING_FORMATS : out.type === 'NUMBER' || out.type === 'INTEGER' ? NUMBER_FORMATS : undefined;
    if (allowed?.has(node.format)) out.format = node.format;
  }

  if (Array.isArray(node.allOf)) mergeAllOf(node.allOf, out, walk, depth);

  const union = Array.isArray(node.anyOf) ? node.anyOf : Array.isArray(node.oneOf) ? node.oneOf : undefined;
  if (union) applyUnion(union, out, walk, depth);

  if (out.type === undefined && out.anyOf === undefined) {
    out.type = typeof out.minimum === 'number' || typeof out.maximum === 'number' ? 'NUMBER' : 'STRING';
  }
  if (out.type === 'ARRAY' && out.items === undefined) out.items = { type: 'STRING' };
  return out;
}

function typeOfValues(values: unknown[]): string {
  if (values.every((v) => typeof v === 'boolean')) return 'BOOLEAN';
  if (values.every((v) => Number.isInteger(v))) return 'INTEGER';
  if (values.every((v) => typeof v === 'number')) return 'NUMBER';
  return 'STRING';
}

/** `type` as a string or a list; `"null"` in a list means nullable. */
function applyType(type: unknown, out: Schema): void {
  if (typeof type === 'string') {
    if (type === 'null') out.nullable = true;
    else out.type = type.toUpperCase();
    return;
  }
  if (!Array.isArray(type)) return;
  const types = type.filter((t): t is string => typeof t === 'string');
  if (types.includes('null')) out.nullable = true;
  const real = types.filter((t) => t !== 'null');
  if (real.length === 1) out.type = real[0]!.toUpperCase();
  else if (real.length > 1) out.anyOf = real.map((t) => ({ type: t.toUpperCase() }));
}

function applyUnion(union: unknown[], out: Schema, walk: Walk, depth: number): void {
  const branches: Schema[] = [];
  for (const branch of union) {
    if (!isRecord(branch)) continue;
    if (branch.type === 'null') {
      out.nullable = true;
      continue;
    }
    const converted = convert(branch, walk, depth + 1);
    if (converted) branches.push(converted);
  }
  if (branches.length === 1) {
    // `anyOf: [X, null]` is just a nullable X.
    for (const [key, value] of Object.entries(branches[0]!)) if (out[key] === undefined) out[key] = value;
  } else if (branches.length > 1) {
    out.anyOf = branches;
  }
}

function mergeAllOf(parts: unknown[], out: Schema, walk: Walk, depth: number): void {
  for (const part of parts) {
    if (!isRecord(part)) continue;
    const converted = convert(part, walk, depth + 1);
    if (!converted) continue;
    for (const [key, value] of Object.entries(converted)) {
      if (key === 'properties' && isRecord(value)) out.properties = { ...(isRecord(out.properties) ? out.properties : {}), ...value };
      else if (key === 'required' && Array.isArray(value)) out.required = [...new Set([...(Array.isArray(out.required) ? out.required : []), ...value])];
      else if (out[key] === undefined) out[key] = value;
    }
  }
}

/** Follows a local `$ref`; sibling keys (a description next to the ref) win over the target's. */
function resolveRef(node: Schema, walk: Walk): Schema | 'cycle' {
  const ref = node.$ref;
  if (typeof ref !== 'string') return node;
  if (walk.expanding.has(ref)) return 'cycle';
  const target = lookup(walk.root, ref);
  if (!target) return withoutRef(node);
  return { ...target, ...withoutRef(node) };
}

function withoutRef(node: Schema): Schema {
  const { $ref: _ignored, ...rest } = node;
  return rest;
}

/** `#/$defs/Name`, `#/definitions/Name`, or any other local JSON pointer. */
function lookup(root: Schema, ref: string): Schema | undefined {
  if (!ref.startsWith('#')) return undefined;
  let current: unknown = root;
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return isRecord(current) ? current : undefined;
}
