// Quiet hours: local times (in the election's time zone) when scheduled non-urgent broadcasts wait.
import { DateTime } from 'luxon';

function minutes(clock: string): number {
  const [hours = 0, mins = 0] = clock.split(':').map(Number);
  return hours * 60 + mins;
}

/** Whether `at` falls in [start, end) local time; a window may wrap midnight (21:00–06:00). */
export function isQuietTime(at: Date, quietHours: { start: string; end: string } | null, timeZone: string): boolean {
  if (!quietHours) return false;
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  const now = local.hour * 60 + local.minute;
  const start = minutes(quietHours.start);
  const end = minutes(quietHours.end);
  if (start === end) return false;
  return start < end ? now >= start && now < end : now >= start || now < end;
}
