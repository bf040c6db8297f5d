// Zod validation failures as the API server's field errors: a 400 BadRequest Status whose causes
// name the request part and path (`query.node`, `body.services[2]`), worded like field.Error. The
// OpenAPIHono defaultHook uses this for query and path parameters; body routes, which read JSON or
// YAML themselves, call `parseWith` on the same schemas the OpenAPI document is made of.
import type { z } from '@hono/zod-openapi';
import { badRequest, fieldError, type StatusCause, type StatusError } from '../objects/status.js';

/** Where a value came from, as the cause's field prefix. */
const PARTS: Readonly<Record<string, string>> = { query: 'query', param: 'path', json: 'body', header: 'header' };

type Issue = z.core.$ZodIssue;

export function validationError(error: z.ZodError, target: string, input: unknown): StatusError {
  const part = PARTS[target] ?? target;
  const causes = error.issues.flatMap((issue) => causesOf(issue, part, input));
  const message =
    causes.length === 1
      ? `${causes[0]!.field}: ${causes[0]!.message}`
      : `invalid request: [${causes.map((c) => `${c.field}: ${c.message}`).join(', ')}]`;
  return badRequest(message, causes);
}

/** The schema's output for `value`, or a 400 Status naming each bad field under `part`. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, part = 'body'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw validationError(result.error, part, value);
}

function causesOf(issue: Issue, part: string, input: unknown): StatusCause[] {
  const field = fieldPath(part, issue.path);
  const value = valueAt(input, issue.path);
  switch (issue.code) {
    case 'unrecognized_keys':
      // The API server's strict decoding says `unknown field "x"`.
      return issue.keys.map((k) => ({
        reason: 'FieldValueNotSupported',
        field: fieldPath(part, [...issue.path, k]),
        message: `unknown field ${JSON.stringify(k)}`,
      }));
    case 'invalid_type':
      return [value === undefined ? fieldError.required(field) : fieldError.typeInvalid(field, value, article(issue.expected))];
    case 'invalid_value':
      return [fieldError.notSupported(field, value, issue.values.map(String))];
    case 'too_big':
      if (issue.origin === 'array' && Array.isArray(value)) return [fieldError.tooMany(field, value.length, Number(issue.maximum))];
      return [fieldError.invalid(field, value, issue.message)];
    case 'too_small':
      if (value === '') return [fieldError.required(field, 'must not be empty')];
      return [fieldError.invalid(field, value, issue.message)];
    default:
      return [fieldError.invalid(field, value, issue.message)];
  }
}

const ARTICLES: Readonly<Record<string, string>> = {
  array: 'a list',
  object: 'an object',
  int: 'an integer',
  boolean: 'a boolean',
  string: 'a string',
  number: 'a number',
};
const article = (expected: string) => ARTICLES[expected] ?? expected;

function fieldPath(part: string, path: readonly PropertyKey[]): string {
  let out = part;
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : `.${String(seg)}`;
  return out;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const seg of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg];
  }
  return v;
}
