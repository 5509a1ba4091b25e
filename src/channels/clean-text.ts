// Makes any string from a platform or the web safe to store and to compare: PostgreSQL refuses
// NUL bytes, the database driver refuses lone UTF-16 surrogates (JSON allows "\ud800"), and
// control characters have no business in a chat message. Vietnamese is composed to NFC so that
// "ầ" typed on two keyboards is one text. Line breaks and tabs stay.
import { z } from 'zod';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// C0 controls but tab, LF and CR; DEL; C1 controls
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

export function cleanInboundText(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD').replace(CONTROL, '').normalize('NFC');
}

/** A zod string that comes out cleaned: use it for every string field of an inbound update. */
export const inboundString = z.string().transform(cleanInboundText);
