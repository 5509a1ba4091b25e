// Fetches a photo a citizen sent on Zalo, for the console. The stored "file id" is a URL that
// came in an update, so it is treated as hostile: only https URLs on Zalo's own hosts (and the
// configured Zalo API host, which tests point at a fake) are fetched, every redirect is checked
// against the same list, and the download is capped in size and time. Anything else is refused
// without a single request, so an attachment cannot make the server call an internal address.
import type { AttachmentFetcher } from '../../attachments/fetcher.js';
import { DomainError } from '../../lib/errors.js';
import { mediaTypeOf, readCapped } from '../read-capped.js';

/** Zalo's API and CDN domains; a host matches itself or any subdomain. */
export const ZALO_FILE_DOMAINS = ['zalo.me', 'zaloapp.com', 'zaloplatforms.com', 'zadn.vn', 'zdn.vn'] as const;
const MAX_BYTES = 10 * 1024 * 1024;
const TIMEOUT_MS = 15_000;
const MAX_REDIRECTS = 3;

export interface ZaloFileFetcherOptions {
  /** the configured ZALO_API_ROOT: its exact host (and scheme) is allowed too */
  apiRoot: string;
  maxBytes?: number;
}

function refused(): DomainError {
  return new DomainError(
    'forbidden',
    'This attachment is not on a Zalo address and is not fetched.',
    'attachment.foreign_host',
  );
}

export function createZaloFileFetcher(options: ZaloFileFetcherOptions): AttachmentFetcher {
  const apiRoot = new URL(options.apiRoot);
  const maxBytes = options.maxBytes ?? MAX_BYTES;

  function allowed(url: URL): boolean {
    if (url.username || url.password) return false;
    if (url.protocol === apiRoot.protocol && url.host === apiRoot.host) return true;
    if (url.protocol !== 'https:' || (url.port !== '' && url.port !== '443')) return false;
    const host = url.hostname.toLowerCase();
    return ZALO_FILE_DOMAINS.some((domain) => host === domain || host.endsWith(`.${domain}`));
  }

  function parse(raw: string, base?: URL): URL {
    try {
      return new URL(raw, base);
    } catch {
      throw refused();
    }
  }

  return {
    async fetch({ platformFileId }) {
      const signal = AbortSignal.timeout(TIMEOUT_MS);
      let url = parse(platformFileId);
      for (let hops = 0; ; hops++) {
        if (!allowed(url)) throw refused();
        const response = await fetch(url, { redirect: 'manual', signal });
        const location = response.headers.get('location');
        if (response.status >= 300 && response.status < 400 && location) {
          await response.body?.cancel();
          if (hops >= MAX_REDIRECTS) throw new Error('zalo: too many redirects for an attachment');
          url = parse(location, url);
          continue;
        }
        if (!response.ok) throw new Error(`zalo: attachment download answered ${response.status}`);
        return {
          body: await readCapped(response, maxBytes),
          mimeType: mediaTypeOf(response.headers.get('content-type'), url.pathname),
        };
      }
    },
  };
}
