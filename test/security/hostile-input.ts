// Generators of hostile and malformed inbound input for the fuzz tests: random JSON, valid
// platform updates with one part broken, and text full of the characters that break parsers and
// databases (NUL, lone surrogates, zero-width, combining marks, RTL overrides, emoji).
import fc from 'fast-check';

/** Characters that have broken chat software before. */
const NASTY_CHARACTERS = [
  '\u0000',
  '\u0001',
  '\u001b',
  '\u007f',
  '\r\n',
  '\u2028',
  '\u2029',
  '\u200b',
  '\u200c',
  '\u200d',
  '\ufeff',
  '\u2060',
  '\u0301',
  '\u0323',
  '\u0309',
  '\u0303',
  'a\u0300\u0301\u0302\u0303\u0304\u0305\u0306',
  '\u202e',
  '\u202d',
  '\u200f',
  '\u200e',
  '\u061c',
  'مرحبا',
  'שלום',
  '😀',
  '👨‍👩‍👧‍👦',
  '🇻🇳',
  '\ud800',
  '\udfff',
  '\ufffd',
  '\uffff',
  'Ngày bầu cử',
  'Tiếng Việt có dấu',
  '%s%n%x',
  '${7*7}',
  '{{constructor}}',
  '__proto__',
  '/start constructor',
  '/constructor',
  '/toString',
  '/start __proto__',
  'constructor',
  'hasOwnProperty',
  '<script>alert(1)</script>',
  '\'; DROP TABLE "Ticket"; --',
  '../../etc/passwd',
  'http://169.254.169.254/',
];

/** A string made of ordinary and nasty pieces, sometimes long. */
export const nastyText: fc.Arbitrary<string> = fc.oneof(
  fc
    .array(
      fc.oneof(
        fc.constantFrom(...NASTY_CHARACTERS),
        fc.string({ maxLength: 8 }),
        fc.string({ unit: 'binary', maxLength: 8 }),
      ),
      { maxLength: 30 },
    )
    .map((parts) => parts.join('')),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc
    .constantFrom(...NASTY_CHARACTERS)
    .chain((piece) => fc.integer({ min: 100, max: 20_000 }).map((times) => piece.repeat(times))),
);

/** Any JSON-ish value, including numbers as strings, huge numbers, and arrays in place of objects. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  nastyText,
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    1e308,
    -1e308,
    2 ** 53 + 1,
    1.5,
    '123',
    '-1',
    '1e999',
    'NaN',
    '',
    [],
    {},
    [1, 2],
    { id: 'x' },
  ),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.jsonValue({ maxDepth: 3 }),
);

type Json = Record<string, unknown>;

/** Every path into a JSON object (["message","chat","id"], …). */
function pathsOf(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value)
    ? value.map((item, index) => [String(index), item] as const)
    : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, child]) => pathsOf(child, [...prefix, key]))];
}

function withChange(value: unknown, path: string[], change: 'delete' | { set: unknown }): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return change === 'delete' ? undefined : change.set;
  if (value === null || typeof value !== 'object') return value;
  const copy: Json | unknown[] = Array.isArray(value) ? [...value] : { ...value };
  const child = (copy as Json)[head];
  const next = withChange(child, rest, change);
  if (next === undefined && rest.length === 0) delete (copy as Json)[head];
  else (copy as Json)[head] = next;
  return copy;
}

/** A valid update with one to three parts deleted or replaced by a value of the wrong kind. */
export function mutated(valid: fc.Arbitrary<Json>): fc.Arbitrary<unknown> {
  return valid.chain((update) => {
    const paths = pathsOf(update).filter((path) => path.length > 0);
    // an update with no part to change (an empty object) is replaced whole by a wrong value
    if (paths.length === 0) return wrongValue;
    const change = fc.tuple(
      fc.constantFrom(...paths),
      fc.oneof(
        fc.constant('delete' as const),
        wrongValue.map((set) => ({ set })),
      ),
    );
    return fc
      .array(change, { minLength: 1, maxLength: 3 })
      .map((changes) => changes.reduce<unknown>((value, [path, what]) => withChange(value, path, what), update));
  });
}

/** JSON nested `depth` levels deep, as text (JSON.stringify itself would overflow first). */
export function deeplyNested(depth: number, open = '{"a":', close = '}'): string {
  return `${open.repeat(depth)}1${close.repeat(depth)}`;
}

/** A raw body that is not valid JSON or not valid UTF-8. */
export const brokenBody: fc.Arbitrary<Buffer> = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
  fc.constantFrom(
    Buffer.from([0x7b, 0x22, 0x74, 0x65, 0x78, 0x74, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0xff, 0xfe, 0x22, 0x7d]), // {"text":"<invalid UTF-8>"}
    Buffer.from('{"update_id": 1, "message": '),
    Buffer.from('{"a":1,"a":2,"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'),
    Buffer.from('\ufeff{"sessionId":"abcdefghijklmnopqrst","text":"xin chào"}'),
    Buffer.from('[]'),
    Buffer.from('null'),
    Buffer.from('"just a string"'),
    Buffer.from(deeplyNested(5_000)),
    Buffer.from(deeplyNested(50_000, '[', ']')),
  ),
);
