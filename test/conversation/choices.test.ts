// The choice codec (src/conversation/choices.ts): the option ids already on citizens' screens
// (Telegram buttons, numbered menus) parse as they always meant, and any id comes back unchanged
// from parse then encode, so no button ever sent stops working.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encodeChoice,
  flowOption,
  isMenuChoice,
  parseChoice,
  readFlowOption,
  type Choice,
} from '../../src/conversation/choices.js';

describe('the choice codec', () => {
  it.each<[string, Choice]>([
    ['menu', { kind: 'menu' }],
    ['ask', { kind: 'ask' }],
    ['unsubscribe', { kind: 'unsubscribe' }],
    ['consent:yes', { kind: 'consent' }],
    ['lang:en', { kind: 'lang', locale: 'en' }],
    ['flow:intake', { kind: 'flow', flowId: 'intake' }],
    ['faq:cu-tri-mang-gi', { kind: 'faq', faqId: 'cu-tri-mang-gi' }],
    ['feedback:up:cu-tri-mang-gi', { kind: 'feedback', helpful: true, faqId: 'cu-tri-mang-gi' }],
    ['feedback:down:a:b', { kind: 'feedback', helpful: false, faqId: 'a:b' }],
    ['loc:05974', { kind: 'inFlow', value: 'loc:05974' }],
    ['polling:commune:05974', { kind: 'inFlow', value: 'polling:commune:05974' }],
    ['cancel', { kind: 'inFlow', value: 'cancel' }],
    ['lang:fr', { kind: 'inFlow', value: 'lang:fr' }],
    ['flow:', { kind: 'inFlow', value: 'flow:' }],
  ])('reads %s as it was meant', (id, choice) => {
    expect(parseChoice(id)).toEqual(choice);
    expect(encodeChoice(choice)).toBe(id);
  });

  it('gives back any id unchanged through parse and encode', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc
            .constantFrom('faq:', 'flow:', 'feedback:up:', 'lang:', 'consent:')
            .chain((prefix) => fc.string().map((rest) => prefix + rest)),
        ),
        (id) => encodeChoice(parseChoice(id)) === id,
      ),
    );
  });

  it("tells menu choices (valid in any state) from a flow's own options", () => {
    expect(
      ['menu', 'help', 'flow:mytickets', 'feedback:down:x', 'lang:vi'].map((id) => isMenuChoice(parseChoice(id))),
    ).toEqual([true, true, true, true, true]);
    expect(['consent:yes', 'cancel', 'faq:x', 'd:178'].map((id) => isMenuChoice(parseChoice(id)))).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it("builds and reads a flow's namespaced options", () => {
    expect(flowOption('polling:commune', '05974')).toBe('polling:commune:05974');
    expect(readFlowOption('polling:commune:05974', 'polling:commune')).toBe('05974');
    expect(readFlowOption('polling:change', 'polling:commune')).toBeNull();
    expect(readFlowOption('d:', 'd')).toBeNull();
    expect(readFlowOption(undefined, 'd')).toBeNull();
  });
});
