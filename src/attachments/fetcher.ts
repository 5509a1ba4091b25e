// Port: the bytes of a file a citizen sent, fetched on demand from the platform it came from
// (Telegram file_id, Zalo URL); attachments are not stored here. The console serves them; each
// platform channel implements the port (src/channels/*-file-fetcher.ts).
import type { Readable } from 'node:stream';

export interface AttachmentFetcher {
  /** The file's bytes from the platform it came from; throws when the platform cannot give it. */
  fetch(attachment: {
    channel: string;
    platformFileId: string;
  }): Promise<{ body: Buffer | Readable; mimeType: string | null }>;
}
