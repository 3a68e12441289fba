/** One entry of an agent's daily routine: from startMinute (0-1439) until the next slot starts. */
export interface ScheduleSlot {
  startMinute: number;
  activity: string;
  /** Where it happens; null in older files that only name the activity (it then happens wherever the agent is). */
  location: string | null;
  description?: string;
}

/**
 * The slot in effect at minuteOfDay in a schedule sorted by startMinute: the last one that has started,
 * or, before the first start of the day, the last slot of the previous day. Undefined for an empty schedule.
 */
export function slotAt(schedule: readonly ScheduleSlot[], minuteOfDay: number): ScheduleSlot | undefined {
  for (let i = schedule.length - 1; i >= 0; i--) {
    if (schedule[i]!.startMinute <= minuteOfDay) return schedule[i];
  }
  return schedule[schedule.length - 1];
}

/** A routine entry as designer files and the database write it: it starts at an "H:MM" or "HH:MM" clock time. */
export interface ClockTimeSlot {
  start_time: string;
  activity: string;
  location: string | null;
  description: string | null;
}

/** Schedule rows as the content loader and database keep them ("HH:MM" start times), as sorted slots. */
export function scheduleFromRows(rows: readonly ClockTimeSlot[]): ScheduleSlot[] {
  return rows
    .map((row) => ({
      startMinute: minutesOfClockTime(row.start_time),
      activity: row.activity,
      location: row.location,
      ...(row.description === null ? {} : { description: row.description }),
    }))
    .sort((a, b) => a.startMinute - b.startMinute);
}

function minutesOfClockTime(time: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(time);
  if (!match) throw new RangeError(`schedule start time "${time}" is not H:MM or HH:MM`);
  return Number(match[1]) * 60 + Number(match[2]);
}
