// Recognising Prisma's "unique constraint failed" (P2002), written once: an insert that lost a
// race with another request or instance is not an error but an answer ("it exists already").
import { z } from 'zod';

const uniqueViolation = z.object({ code: z.literal('P2002') });

export function isUniqueViolation(error: unknown): boolean {
  return uniqueViolation.safeParse(error).success;
}
