// All user-facing text lives in locales/<language>/<namespace>.json. This module loads every
// namespace once, and fills in the election's values (province, dates, hours, hotline) so the
// same texts serve any election configured in config/elections/.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type i18n as I18nInstance, type TOptions } from 'i18next';
import { candidateComplaintsCutoff, type ElectionConfig } from './config/election.js';

export const LOCALES = ['vi', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: unknown): value is Locale {
  return value === 'vi' || value === 'en';
}

export const localesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../locales');

export type Resources = Record<Locale, Record<string, Record<string, unknown>>>;

export function readLocaleResources(dir = localesDir): Resources {
  const resources: Resources = { vi: {}, en: {} };
  for (const locale of LOCALES) {
    for (const file of readdirSync(path.join(dir, locale)).filter((name) => name.endsWith('.json'))) {
      resources[locale][file.replace(/\.json$/, '')] = JSON.parse(readFileSync(path.join(dir, locale, file), 'utf8'));
    }
  }
  return resources;
}

function formatDate(isoDate: string, locale: Locale): string {
  const [year, month, day] = isoDate.slice(0, 10).split('-').map(Number);
  if (year === undefined || month === undefined || day === undefined) return isoDate;
  const date = new Date(Date.UTC(year, month - 1, day));
  return locale === 'vi'
    ? `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`
    : date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

function weekday(isoDate: string, locale: Locale): string {
  const date = new Date(`${isoDate.slice(0, 10)}T12:00:00Z`);
  return date.toLocaleDateString(locale === 'vi' ? 'vi-VN' : 'en-GB', { weekday: 'long', timeZone: 'UTC' });
}

/** Facts the election file may leave null (not yet published): a text may use them only where they are set. */
function publishedFacts(election: ElectionConfig, locale: Locale): Record<string, string> {
  const { nationalAssembly, provincialCouncil } = election.electoralUnits;
  const due = election.milestones.candidacyFilesDue;
  const facts: Record<string, string | null> = {
    nationalAssemblyUnits: nationalAssembly.units === null ? null : String(nationalAssembly.units),
    nationalAssemblySeats: nationalAssembly.seats === null ? null : String(nationalAssembly.seats),
    provincialCouncilUnits: provincialCouncil.units === null ? null : String(provincialCouncil.units),
    provincialCouncilSeats: provincialCouncil.seats === null ? null : String(provincialCouncil.seats),
    candidacyFilesDue: due === null ? null : formatDate(due, locale),
    candidacyFilesDueTime: due !== null && due.length > 10 ? due.slice(11, 16) : null,
  };
  return Object.fromEntries(Object.entries(facts).filter((entry): entry is [string, string] => entry[1] !== null));
}

/** Values every text may use: {{province}}, {{electionDay}}, {{pollingOpen}}… */
export function electionVariables(election: ElectionConfig, locale: Locale): Record<string, string> {
  const m = election.milestones;
  return {
    ...publishedFacts(election, locale),
    electionName: election.name[locale],
    electionShortName: election.shortName[locale],
    province: election.province.name,
    committee: election.committee[locale],
    electionDay: formatDate(election.electionDay, locale),
    electionWeekday: weekday(election.electionDay, locale),
    pollingOpen: election.pollingHours.open,
    pollingClose: election.pollingHours.close,
    earliestOpen: election.pollingHours.earliestOpen,
    latestClose: election.pollingHours.latestClose,
    hotline: election.hotline ?? '',
    ballotsPerVoter: String(election.ballotsPerVoter),
    voterListPosted: formatDate(m.voterListPosted, locale),
    candidateListsPosted: formatDate(m.candidateListsPosted, locale),
    candidateComplaintsCutoff: formatDate(candidateComplaintsCutoff(election), locale),
    campaignEnds: formatDate(m.campaignEnds, locale),
    campaignEndsTime: m.campaignEnds.length > 10 ? m.campaignEnds.slice(11, 16) : '',
  };
}

export interface Translator {
  /** Text for `key` ("namespace:dotted.key") in `locale`, with the election's values filled in. */
  t(locale: Locale, key: string, values?: Record<string, unknown>): string;
  /** Whether a key exists in that locale. */
  has(locale: Locale, key: string): boolean;
  /** A raw value (object or array) of a namespace, for structured content such as the FAQ. */
  raw(locale: Locale, key: string): unknown;
  instance: I18nInstance;
}

export function createTranslator(election: ElectionConfig, resources: Resources = readLocaleResources()): Translator {
  const instance = i18next.createInstance();
  void instance.init({
    initAsync: false,
    resources,
    lng: 'vi',
    fallbackLng: false,
    ns: Object.keys(resources.vi),
    defaultNS: 'common',
    // Chat texts are plain text; the web widget and the console render them with textContent.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  const variables = { vi: electionVariables(election, 'vi'), en: electionVariables(election, 'en') };
  return {
    instance,
    t(locale, key, values) {
      const options: TOptions = { lng: locale, ...variables[locale], ...values };
      return instance.t(key, options);
    },
    has(locale, key) {
      return instance.exists(key, { lng: locale });
    },
    raw(locale, key) {
      return instance.t(key, { lng: locale, returnObjects: true });
    },
  };
}
