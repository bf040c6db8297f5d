// Errors as values in the Kubernetes `Status` shape (docs/contracts.md §2). Every surface (library, HTTP, CLI)
// reports bad input with one of these; nothing else is thrown for a user's mistake.

export type StatusReason =
  | 'BadRequest'
  | 'Invalid'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'NotFound'
  | 'Conflict'
  | 'MethodNotAllowed'
  | 'Unauthorized'
  | 'InternalError'
  | 'ServiceUnavailable'
  | 'Timeout';

/** One field-level problem, as the API server reports it in `details.causes`. */
export interface StatusCause {
  /** `FieldValueNotSupported`, `FieldValueRequired`, `FieldValueInvalid`, `FieldValueForbidden`, `FieldValueTooMany`, `FieldValueDuplicate`, `FieldValueTypeInvalid`. */
  reason: string;
  /** Dotted path from the root of the request, e.g. `service.spec.internalTrafficPolicy`. */
  field: string;
  message: string;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  status: 'Failure';
  reason: StatusReason;
  code: number;
  message: string;
  details?: { name?: string; kind?: string; causes?: StatusCause[] };
}

/** Thrown by the library for bad input; `status` is what HTTP answers and what the CLI prints. */
export class StatusError extends Error {
  readonly status: Status;
  constructor(status: Status) {
    super(status.message);
    this.name = 'StatusError';
    this.status = status;
  }
}

export function isStatusError(e: unknown): e is StatusError {
  return e instanceof StatusError;
}

export function statusError(reason: StatusReason, code: number, message: string, details?: Status['details']): StatusError {
  const status: Status = { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason, code, message };
  if (details) status.details = details;
  return new StatusError(status);
}

export function badRequest(message: string, causes?: StatusCause[]): StatusError {
  return statusError('BadRequest', 400, message, causes ? { causes } : undefined);
}

/** Field-error constructors, worded exactly like the API server's field.Error strings. */
export const fieldError = {
  notSupported(field: string, value: unknown, supported: readonly string[]): StatusCause {
    return {
      reason: 'FieldValueNotSupported',
      field,
      message: `Unsupported value: ${quote(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
    };
  },
  required(field: string, detail = ''): StatusCause {
    return { reason: 'FieldValueRequired', field, message: detail ? `Required value: ${detail}` : 'Required value' };
  },
  invalid(field: string, value: unknown, detail: string): StatusCause {
    return { reason: 'FieldValueInvalid', field, message: `Invalid value: ${quote(value)}: ${detail}` };
  },
  forbidden(field: string, detail: string): StatusCause {
    return { reason: 'FieldValueForbidden', field, message: `Forbidden: ${detail}` };
  },
  tooMany(field: string, actual: number, max: number): StatusCause {
    return { reason: 'FieldValueTooMany', field, message: `Too many: ${actual}: must have at most ${max} items` };
  },
  duplicate(field: string, value: unknown): StatusCause {
    return { reason: 'FieldValueDuplicate', field, message: `Duplicate value: ${quote(value)}` };
  },
  typeInvalid(field: string, value: unknown, expected: string): StatusCause {
    return { reason: 'FieldValueTypeInvalid', field, message: `Invalid value: ${quote(value)}: must be ${expected}` };
  },
};

function quote(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'null';
  // JSON.stringify would print Infinity as null, and a number past 2^53 was already rounded when read.
  if (typeof value === 'number' && !Number.isFinite(value)) return `${value > 0 ? '' : '-'}a number too large to hold (past ±1.8e308)`;
  if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value))
    return `${value} (rounded: a number past ±2^53 is not read exactly)`;
  try {
    const s = JSON.stringify(value);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return String(value);
  }
}

/**
 * `Kind "name" is invalid: field: message` — the API server's message for one cause, and
 * `Kind "name" is invalid: [a, b]` for several. `prefix` (e.g. `service.`) is prepended to each
 * cause's field in `details` but not in the message, as docs/contracts.md §2's example shows.
 */
export function invalid(kind: string, name: string, causes: StatusCause[], prefix = ''): StatusError {
  const parts = causes.map((c) => `${c.field}: ${c.message}`);
  const message = `${kind} ${JSON.stringify(name)} is invalid: ${parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`}`;
  return statusError('Invalid', 400, message, {
    name,
    kind,
    causes: causes.map((c) => ({ ...c, field: prefix + c.field })),
  });
}
