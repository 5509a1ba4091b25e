// Fetches a file a citizen sent on Telegram, for the console: getFile gives the file's path,
// then the bytes come from <apiRoot>/file/bot<token>/<path>. The token is in both URLs, so no
// URL ever goes into an error message or a log line.
import { z } from 'zod';
import type { AttachmentFetcher } from '../../attachments/fetcher.js';
import { DomainError } from '../../lib/errors.js';
import { mediaTypeOf, readCapped } from '../read-capped.js';

/** The Bot API serves files up to 20 MB; anything claiming more is refused before download. */
export const TELEGRAM_FILE_MAX_BYTES = 20 * 1024 * 1024;
const TIMEOUT_MS = 30_000;

const getFileAnswer = z.object({
  ok: z.literal(true),
  result: z.object({ file_path: z.string().min(1), file_size: z.number().optional() }),
});

/** fetch, but a failure is re-thrown without its cause: undici's causes may carry the URL, and the URL holds the token. */
async function fetchWithoutUrlInErrors(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    // eslint-disable-next-line preserve-caught-error -- the cause is dropped on purpose (see above)
    throw new Error(`telegram: the file request failed (${error instanceof Error ? error.name : 'unknown error'})`);
  }
}

export interface TelegramFileFetcherOptions {
  token: string;
  apiRoot: string;
  maxBytes?: number;
}

export function createTelegramFileFetcher(options: TelegramFileFetcherOptions): AttachmentFetcher {
  const maxBytes = options.maxBytes ?? TELEGRAM_FILE_MAX_BYTES;
  return {
    async fetch({ platformFileId }) {
      const signal = AbortSignal.timeout(TIMEOUT_MS);
      const lookup = await fetchWithoutUrlInErrors(`${options.apiRoot}/bot${options.token}/getFile`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ file_id: platformFileId }),
        signal,
      });
      const answer = getFileAnswer.safeParse(await lookup.json().catch(() => null));
      if (!answer.success)
        throw new Error(`telegram: getFile answered ${lookup.status}; the file is no longer available`);
      const { file_path: filePath, file_size: size } = answer.data.result;
      if (size !== undefined && size > maxBytes)
        throw new DomainError('too_large', 'The file is too large to show.', 'attachment.too_large');
      const download = await fetchWithoutUrlInErrors(
        `${options.apiRoot}/file/bot${options.token}/${filePath.split('/').map(encodeURIComponent).join('/')}`,
        { signal, redirect: 'error' },
      );
      if (!download.ok) throw new Error(`telegram: file download answered ${download.status}`);
      return {
        body: await readCapped(download, maxBytes),
        mimeType: mediaTypeOf(download.headers.get('content-type'), filePath),
      };
    },
  };
}
