/** The time source; tests pass a fixed or moving clock to check deadlines and schedules. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
