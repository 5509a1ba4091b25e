// The knowledge base the bot answers from right now: the content of locales/ plus the changes
// approved in the console, without a restart and on every instance. It implements
// KnowledgeBase by delegating to the current build, so the answerer needs no change. refresh()
// reads the approved-changes counter; when it moved, it reads the changes, builds a whole new
// knowledge base (outside any citizen's request) and swaps it in with one assignment, so a
// search sees either the old build or the new one, never half of each.
import type { ElectionConfig } from '../config/election.js';
import type { Locale, Translator } from '../i18n.js';
import { applyFaqChanges, parseRawEntries, type FaqChange, type RawEntries } from './faq-changes.js';
import { loadKnowledgeBase, type KnowledgeBase } from './knowledge-base.js';

export interface FaqChangeSource {
  /** the number of changes approved so far (0: none) */
  version(): Promise<number>;
  /** every approved change, oldest first */
  approvedChanges(): Promise<FaqChange[]>;
}

export interface LiveKnowledgeBase extends KnowledgeBase {
  /** the approved-changes version the current build includes */
  readonly version: number;
  /**
   * Rebuilds when the stored version moved; resolves to true when a new build was swapped in.
   * Calls are serialised: one made during a rebuild waits for it, then checks again.
   */
  refresh(): Promise<boolean>;
}

export type KnowledgeBuilder = (changes: readonly FaqChange[]) => KnowledgeBase;

/**
 * Builds the configured election's knowledge base with `changes` applied to the content the
 * translator holds: the same loader (validation, election values, law version) as without them.
 */
export function knowledgeBuilder(translator: Translator, election: ElectionConfig): KnowledgeBuilder {
  const base: Record<Locale, RawEntries> = {
    vi: parseRawEntries(translator.raw('vi', 'faq:entries'), 'locales/vi/faq.json'),
    en: parseRawEntries(translator.raw('en', 'faq:entries'), 'locales/en/faq.json'),
  };
  return (changes) => {
    const merged = applyFaqChanges(base, changes);
    const withChanges: Translator = {
      ...translator,
      raw: (locale, key) => (key === 'faq:entries' ? merged[locale] : translator.raw(locale, key)),
    };
    return loadKnowledgeBase(withChanges, election);
  };
}

export function createLiveKnowledgeBase(source: FaqChangeSource, build: KnowledgeBuilder): LiveKnowledgeBase {
  // version 0 is the content of locales/ alone
  let current = build([]);
  let version = 0;
  let queue: Promise<boolean> = Promise.resolve(false);

  async function rebuild(): Promise<boolean> {
    const stored = await source.version();
    if (stored === version) return false;
    // read after the counter: a change approved in between is included now and counted again
    // at the next refresh, never missed
    const changes = await source.approvedChanges();
    try {
      current = build(changes);
    } finally {
      // content that does not build stays out until the next approval, instead of failing (and
      // being logged) at every refresh; the previous build keeps answering
      version = stored;
    }
    return true;
  }

  return {
    get entries() {
      return current.entries;
    },
    search: (text) => current.search(text),
    get version() {
      return version;
    },
    refresh() {
      queue = queue.catch(() => false).then(rebuild);
      return queue;
    },
  };
}
