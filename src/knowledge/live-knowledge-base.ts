// The knowledge base the bot answers from right now: the content of locales/ plus the changes
// approved in the console, filled with the election's dates as the console's calendar has them,
// without a restart and on every instance. It implements KnowledgeBase by delegating to the
// current build, so the answerer needs no change. refresh() reads the approved-changes counter
// and the calendar; when either moved, it builds a whole new knowledge base in steps, answering
// from the old one between them, and swaps it in with one assignment, so a search sees either
// the old build or the new one, never half of each.
import type { ElectionConfig } from '../config/election.js';
import type { Locale, Translator } from '../i18n.js';
import { applyFaqChanges, parseRawEntries, type FaqChange, type RawEntries } from './faq-changes.js';
import { loadFaqEntries } from './content.js';
import { knowledgeBaseSteps, type KnowledgeBase } from './knowledge-base.js';
import { runSteps, runStepsYielding, type Steps } from '../lib/steps.js';

export interface KnowledgeSource {
  /** the number of changes approved so far (0: none) */
  version(): Promise<number>;
  /** every approved change, oldest first */
  approvedChanges(): Promise<FaqChange[]>;
  /** the election as it applies now: an admin may move its dates in the console */
  election(): Promise<ElectionConfig>;
}

export interface LiveKnowledgeBase extends KnowledgeBase {
  /** the approved-changes version the current build includes */
  readonly version: number;
  /**
   * Rebuilds when the stored version or the election's dates moved; resolves to true when a new
   * build was swapped in. Calls are serialised: one made during a rebuild waits for it, then
   * checks again.
   */
  refresh(): Promise<boolean>;
}

/** A knowledge base with `changes` applied, built in steps (lib/steps.ts). */
export type KnowledgeBuilder = (changes: readonly FaqChange[], election: ElectionConfig) => Steps<KnowledgeBase>;

/**
 * Builds the election's knowledge base with `changes` applied to the content the translator
 * holds: the same loader (validation, election values, law version) as without them.
 */
export function knowledgeBuilder(translator: Translator): KnowledgeBuilder {
  const base: Record<Locale, RawEntries> = {
    vi: parseRawEntries(translator.raw('vi', 'faq:entries'), 'locales/vi/faq.json'),
    en: parseRawEntries(translator.raw('en', 'faq:entries'), 'locales/en/faq.json'),
  };
  return (changes, election) => {
    const merged = applyFaqChanges(base, changes);
    const withChanges: Translator = {
      ...translator,
      raw: (locale, key) => (key === 'faq:entries' ? merged[locale] : translator.raw(locale, key)),
    };
    return knowledgeBaseSteps(loadFaqEntries(withChanges, election));
  };
}

export function createLiveKnowledgeBase(
  source: KnowledgeSource,
  build: KnowledgeBuilder,
  election: ElectionConfig,
): LiveKnowledgeBase {
  // version 0 is the content of locales/ alone, with the election file's dates, built at once
  let current = runSteps(build([], election));
  let version = 0;
  let changes: readonly FaqChange[] = [];
  let dates = datesOf(election);
  let queue: Promise<boolean> = Promise.resolve(false);

  async function rebuild(): Promise<boolean> {
    const stored = await source.version();
    const now = await source.election();
    if (stored === version && datesOf(now) === dates) return false;
    // read after the counter: a change approved in between is included now and counted again
    // at the next refresh, never missed
    const latest = stored === version ? changes : await source.approvedChanges();
    try {
      // built while this instance keeps answering: requests are served between the steps
      current = await runStepsYielding(build(latest, now));
    } finally {
      // content that does not build stays out until the next change, instead of failing (and
      // being logged) at every refresh; the previous build keeps answering
      version = stored;
      changes = latest;
      dates = datesOf(now);
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

/** What of the election an admin can move in the console (see settings/election-calendar.ts). */
function datesOf(election: ElectionConfig): string {
  const { electionDay, pollingHours, timeZone, milestones } = election;
  return JSON.stringify({ electionDay, pollingHours, timeZone, milestones });
}
