// Reads a fetched body into memory, but never more than a cap: a platform (or anyone posing as
// one) cannot make the server hold an unbounded download.
import { DomainError } from '../lib/errors.js';

export async function readCapped(response: Response, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new DomainError('too_large', 'The file is too large to show.', 'attachment.too_large');
  }
  const chunks: Buffer[] = [];
  let total = 0;
  if (!response.body) return Buffer.alloc(0);
  for await (const chunk of response.body) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      await response.body.cancel().catch(() => undefined);
      throw new DomainError('too_large', 'The file is too large to show.', 'attachment.too_large');
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

const TYPES_BY_EXTENSION: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  pdf: 'application/pdf',
};

/** The media type a platform announced (without parameters), or the one its file name implies when it announced none useful. */
export function mediaTypeOf(header: string | null, fileName: string): string | null {
  const announced = header?.split(';')[0]?.trim().toLowerCase() || null;
  if (announced && announced !== 'application/octet-stream') return announced;
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  return (extension && TYPES_BY_EXTENSION[extension]) ?? announced;
}
