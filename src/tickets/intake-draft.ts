// The intake's draft, as the conversation engine stores it between messages. The identity
// typed so far is kept encrypted even here: drafts are plain JSON in the Conversation table.
import { z } from 'zod';
import { openJson, sealJson } from '../security/crypto.js';
import { TICKET_CATEGORIES, TICKET_KINDS, type ReporterIdentity, type TicketKind } from './types.js';

const attachmentSchema = z.object({
  platformFileId: z.string(),
  fileName: z.string().optional(),
  mimeType: z.string().optional(),
  size: z.number().optional(),
});

export const draftSchema = z.object({
  /** the prompt the next message answers */
  awaiting: z.enum([
    'kind',
    'category',
    'district',
    'commune',
    'description',
    'evidence',
    'anonymity',
    'fullName',
    'address',
    'phone',
    'confirm',
    'edit',
  ]),
  intakeKey: z.string().min(1),
  startedAt: z.string(),
  kind: z.enum(TICKET_KINDS).optional(),
  category: z.enum(TICKET_CATEGORIES).optional(),
  districtCode: z.string().optional(),
  localityCode: z.string().optional(),
  localityName: z.string().optional(),
  description: z.string().optional(),
  attachments: z.array(attachmentSchema).default([]),
  evidenceDone: z.boolean().default(false),
  /** a petition filed without a name */
  anonymous: z.boolean().optional(),
  identityEnc: z.string().optional(),
});

export type Draft = z.infer<typeof draftSchema>;
export type PartialIdentity = Partial<ReporterIdentity>;

const partialIdentitySchema = z.object({
  fullName: z.string().optional(),
  address: z.string().optional(),
  phone: z.string().optional(),
});

export function readIdentity(draft: Draft, key: Buffer): PartialIdentity {
  if (!draft.identityEnc) return {};
  return partialIdentitySchema.parse(openJson(key, draft.identityEnc, draft.intakeKey));
}

export function withIdentity(draft: Draft, key: Buffer, identity: PartialIdentity): Draft {
  return { ...draft, identityEnc: sealJson(key, identity, draft.intakeKey) };
}

/** The identity fields the law or the intake asks for: a denunciation must be signed (F-078, F-095). */
export function requiredIdentityFields(kind: TicketKind, anonymous: boolean | undefined): (keyof ReporterIdentity)[] {
  if (kind === 'denunciation') return ['fullName', 'address', 'phone'];
  if (kind === 'complaint') return ['fullName', 'phone'];
  return anonymous === false ? ['fullName', 'phone'] : [];
}
