// What a citizen does in the tests, step by step, reading the texts the bot really shows (from
// the app's own translator, so the steps follow the locale files).
import type { Locale, Translator } from '../../src/i18n.js';
import type { ReporterIdentity } from '../../src/tickets/types.js';
import type { BotMessage, ChatDriver } from './chat-drivers.js';

export type Texts = (key: string, values?: Record<string, unknown>) => string;

export function textsIn(i18n: Translator, locale: Locale): Texts {
  return (key, values) => i18n.t(locale, key, values);
}

/** First contact in Vietnamese (the default), consent, then the citizen's language: ends on the menu. */
export async function onboard(citizen: ChatDriver, i18n: Translator, locale: Locale): Promise<BotMessage[]> {
  const vi = textsIn(i18n, 'vi');
  await citizen.say('xin chào', vi('chat:privacy'));
  await citizen.choose(vi('chat:consent.accept'), vi('chat:language.ask'));
  return citizen.choose(vi(`chat:language.${locale}`), textsIn(i18n, locale)('chat:menu.title'));
}

/** The seeded town the citizen finds by typing its name without diacritics. */
export const TOWN = { typed: 'dong dang', name: 'Thị trấn Đồng Đăng', code: '06184' };

export interface Denunciation {
  description: string;
  reporter: ReporterIdentity;
  /** send a photo as evidence (the web chat has no upload) */
  photo: boolean;
}

export const descriptionPrompt = (t: Texts) => t('tickets:intake.description.prompt', { min: 20, max: 4000 });
export const evidencePrompt = (t: Texts, files: number) =>
  t('tickets:intake.evidence.prompt', { files, maxFiles: 10, maxMegabytes: 20 });

/** From the menu to the description: kind, category, and a town typed without diacritics. */
export async function startDenunciation(citizen: ChatDriver, t: Texts): Promise<BotMessage[]> {
  await citizen.choose(t('chat:menu.complaint'), t('tickets:intake.kind.prompt'));
  await citizen.choose(t('tickets:kind.denunciation'), t('tickets:intake.category.prompt'));
  await citizen.choose(t('tickets:category.campaigning'), t('tickets:intake.locality.district'));
  await citizen.say(TOWN.typed, t('tickets:intake.locality.matches'));
  return citizen.choose(TOWN.name, descriptionPrompt(t));
}

/** From the menu to the summary: the start above, then description, evidence and identity. */
export async function draftDenunciation(citizen: ChatDriver, t: Texts, input: Denunciation): Promise<BotMessage[]> {
  await startDenunciation(citizen, t);
  await citizen.say(input.description, evidencePrompt(t, 0));
  if (input.photo) {
    // wait for the question that follows the "file received" notice: its buttons are the current ones
    const received = await citizen.sendPhoto(evidencePrompt(t, 1));
    if (!received.some((message) => message.text === t('tickets:intake.evidence.received', { files: 1 })))
      throw new Error('the photo was not acknowledged');
    await citizen.choose(t('tickets:intake.options.done'), t('tickets:intake.identity.ask.fullName'));
  } else {
    await citizen.choose(t('tickets:intake.options.skip'), t('tickets:intake.identity.ask.fullName'));
  }
  await citizen.say(input.reporter.fullName, t('tickets:intake.identity.ask.address'));
  await citizen.say(input.reporter.address, t('tickets:intake.identity.ask.phone'));
  return citizen.say(input.reporter.phone, t('tickets:intake.summary.title'));
}

export const FILED_CODE = /\b(TC|KN|PA)-\d{4}-\d{5}\b/;

/** Presses "send" on the summary; resolves to the ticket's code. */
export async function confirm(citizen: ChatDriver, t: Texts): Promise<string> {
  const filed = await citizen.choose(t('tickets:intake.options.confirm'), FILED_CODE);
  const code = filed.map((message) => FILED_CODE.exec(message.text)?.[0]).find((found) => found !== undefined);
  if (!code) throw new Error('no ticket code in the confirmation');
  return code;
}
