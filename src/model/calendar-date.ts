// Dates and periods are real calendar values: a pattern alone lets 2021-02-29, 2020-13 and
// 2018-02-30 through, and Date.parse silently rolls them over into the next month.

export type CalendarKind = 'date' | 'period';

/** What each kind looks like, for messages. */
export const calendarForms: Readonly<Record<CalendarKind, string>> = {
  date: 'YYYY-MM-DD',
  period: 'YYYY, YYYY-Qn, YYYY-Hn, YYYY-MM or YYYY-MM-DD',
};

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PERIOD = /^(\d{4})(?:-(?:Q([1-4])|H([12])|(\d{2})(?:-(\d{2}))?))?$/;

const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export interface CalendarProblem {
  /** False when the text does not even have the form (the schema's pattern reports that in files). */
  form: boolean;
  /** Why it is not a calendar value, e.g. "February 2021 has 28 days". */
  reason: string;
}

function yearMonthDay(year: string, month: string | undefined, day: string | undefined): CalendarProblem | undefined {
  const y = Number(year);
  // The Gregorian calendar has no year 0 (1 BC is followed by AD 1).
  if (y === 0) return { form: true, reason: 'there is no year 0000' };
  if (month === undefined) return undefined;
  const m = Number(month);
  if (m < 1 || m > 12) return { form: true, reason: `there is no month ${month}` };
  if (day === undefined) return undefined;
  const d = Number(day);
  const days = daysInMonth(y, m);
  if (d < 1 || d > days) return { form: true, reason: d < 1 ? `there is no day ${day}` : `${monthNames[m - 1]!} ${year} has ${days} days` };
  return undefined;
}

/** Why `text` is not a real calendar date or period of the given kind; undefined when it is one. */
export function calendarProblem(text: string, kind: CalendarKind): CalendarProblem | undefined {
  if (kind === 'date') {
    const match = DATE.exec(text);
    if (match === null) return { form: false, reason: `expected ${calendarForms.date}` };
    return yearMonthDay(match[1]!, match[2], match[3]);
  }
  const match = PERIOD.exec(text);
  if (match === null) return { form: false, reason: `expected ${calendarForms.period}` };
  return yearMonthDay(match[1]!, match[4], match[5]);
}
