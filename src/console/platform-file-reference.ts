// Which stored attachment references the console may ask a platform for. A reference comes from
// an inbound update, so it is untrusted: a Telegram file_id or a web upload key is an opaque
// token (never a path), and a Zalo photo is an https URL on a public host name (never an IP
// literal, localhost, a port or credentials). Anything else — "../../etc/passwd",
// "file:///etc/passwd", "http://169.254.169.254/" — is never fetched. A fetcher that follows a
// host name must still refuse private addresses once it is resolved (DNS rebinding).
import { isIP } from 'node:net';

const OPAQUE_TOKEN = /^[A-Za-z0-9_-]{1,512}$/;
const INTERNAL_HOST = /(^|\.)(localhost|local|internal|intranet|lan|home|corp)$/i;

function isPublicHttpsUrl(reference: string): boolean {
  let url: URL;
  try {
    url = new URL(reference);
  } catch {
    return false;
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return (
    url.protocol === 'https:' &&
    url.username === '' &&
    url.password === '' &&
    url.port === '' &&
    isIP(host) === 0 &&
    host.includes('.') &&
    !INTERNAL_HOST.test(host)
  );
}

export function isPlatformFileReference(channel: string, platformFileId: string): boolean {
  if (channel === 'zalo') return isPublicHttpsUrl(platformFileId);
  if (channel === 'telegram' || channel === 'web') return OPAQUE_TOKEN.test(platformFileId);
  return false;
}
