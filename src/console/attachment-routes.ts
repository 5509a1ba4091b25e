// Attachments are not stored here: the console fetches each from its platform (Telegram
// file_id, Zalo URL, web upload key) on demand, through a port the channels implement.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AttachmentFetcher } from '../attachments/fetcher.js';
import type { ConsoleContext } from './console-context.js';
import { DomainError } from '../lib/errors.js';
import type { RequireOfficer } from './auth/require-officer.js';
import { officerOf } from './auth/require-officer.js';
import { officerScopeWhere } from './queue/queue-filters.js';
import { TICKET_READERS } from './ticket-routes.js';
import { isPlatformFileReference } from './platform-file-reference.js';

const params = z.object({ code: z.string().regex(/^[A-Za-z0-9-]{3,40}$/), id: z.uuid() });
/** Shown inline; anything else (an HTML file, say) is downloaded, never rendered on our origin. */
const INLINE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'application/pdf']);

export function registerAttachmentRoutes(
  server: FastifyInstance,
  context: ConsoleContext,
  requireOfficer: RequireOfficer,
  fetcher: AttachmentFetcher,
): void {
  server.get(
    '/api/console/tickets/:code/attachments/:id',
    { preHandler: requireOfficer({ roles: TICKET_READERS }) },
    async (request, reply) => {
      const parsed = params.safeParse(request.params);
      if (!parsed.success) throw new DomainError('not_found', 'No such attachment.', 'attachment.not_found');
      const scope = await officerScopeWhere(context.db, officerOf(request));
      const attachment = await context.db.attachment.findFirst({
        where: { id: parsed.data.id, ticket: { AND: [scope, { code: parsed.data.code }] } },
      });
      if (!attachment) throw new DomainError('not_found', 'No such attachment.', 'attachment.not_found');
      if (!isPlatformFileReference(attachment.channel, attachment.platformFileId)) {
        request.log.warn(
          { attachmentId: attachment.id, channel: attachment.channel },
          'attachment reference refused: not a file of its platform',
        );
        throw new DomainError('not_found', 'No such attachment.', 'attachment.not_found');
      }
      const file = await fetcher.fetch(attachment);
      const mimeType = attachment.mimeType ?? file.mimeType ?? 'application/octet-stream';
      const inline = INLINE_TYPES.has(mimeType);
      const fileName = (attachment.fileName ?? `attachment-${attachment.id}`).replace(/[^\p{L}\p{N}._-]+/gu, '_');
      return reply
        .type(inline ? mimeType : 'application/octet-stream')
        .header(
          'content-disposition',
          `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(fileName)}`,
        )
        .header('content-security-policy', "default-src 'none'; sandbox")
        .send(file.body);
    },
  );
}
