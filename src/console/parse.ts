// Request input narrowed with zod: a bad body or query is a 400 with the field named.
import type { z } from 'zod';
import { DomainError } from '../lib/errors.js';

function parseWith<T extends z.ZodType>(schema: T, input: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) {
    throw new DomainError(
      'invalid',
      parsed.error.issues.map((issue) => `${what} ${issue.path.join('.') || ''}: ${issue.message}`).join('; '),
      'request.invalid',
    );
  }
  return parsed.data;
}

export const parseBody = <T extends z.ZodType>(schema: T, body: unknown) => parseWith(schema, body, 'body');
export const parseQuery = <T extends z.ZodType>(schema: T, query: unknown) => parseWith(schema, query, 'query');
export const parseParams = <T extends z.ZodType>(schema: T, params: unknown) => parseWith(schema, params, 'path');
