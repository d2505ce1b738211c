import ICAL from 'ical.js';
import type { IcsComponent, IcsIssue } from './scan.js';

/**
 * Checks the values ical.js reads too kindly or refuses without a line: dates it would roll
 * over (`20261345` becomes 14 Feb 2027), date-times it cannot read, recurrence rules. Only the
 * properties of events that Herald reads are checked; time zone definitions are ical.js's.
 */
export function checkEventValues(vevent: IcsComponent): IcsIssue[] {
  const issues: IcsIssue[] = [];
  for (const prop of vevent.properties) {
    const path = `VEVENT.${prop.name}`;
    switch (prop.name) {
      case 'DTSTART':
      case 'DTEND':
      case 'RECURRENCE-ID':
      case 'EXDATE':
      case 'RDATE': {
        const type = (prop.params.VALUE ?? '').toUpperCase();
        for (const value of prop.value.split(',')) {
          const problem =
            type === 'PERIOD' && prop.name === 'RDATE' ? periodProblem(value) : dateProblem(value, type);
          if (problem) issues.push({ line: prop.line, path, value, ...problem });
        }
        break;
      }
      case 'RRULE': {
        const problem = ruleProblem(prop.value);
        if (problem) issues.push({ line: prop.line, path, value: prop.value, ...problem });
        break;
      }
      case 'DURATION':
        if (
          !/^[+-]?P(\d+W|(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?)$/.test(prop.value.trim()) ||
          /T$/.test(prop.value) ||
          !/\d/.test(prop.value)
        )
          issues.push({
            line: prop.line,
            path,
            value: prop.value,
            message: 'is not a duration',
            fix: 'write it as RFC 5545 does: PT1H30M, P1D, P2W',
          });
        break;
    }
  }
  return issues;
}

const DATE = /^(\d{4})(\d{2})(\d{2})$/;
const DATE_TIME = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)$/;

function dateProblem(raw: string, type: string): { message: string; fix: string } | undefined {
  const value = raw.trim();
  const date = DATE.exec(value);
  const dateTime = DATE_TIME.exec(value);
  if (type === 'DATE' && !date)
    return { message: 'is not a date (VALUE=DATE)', fix: 'write the day as YYYYMMDD, e.g. 20260522' };
  if (!date && !dateTime)
    return {
      message: 'is not an iCalendar date or date-time',
      fix: 'write YYYYMMDD for a day, YYYYMMDDTHHMMSS for a local time, or add Z for UTC (20260522T140000Z)',
    };
  const [, y, mo, d, h, mi, s] = (dateTime ?? date) as RegExpExecArray;
  const month = Number(mo);
  const day = Number(d);
  const daysInMonth = new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
  if (month < 1 || month > 12) return { message: `has month ${mo}`, fix: 'months run from 01 to 12' };
  if (day < 1 || day > daysInMonth)
    return {
      message: `has day ${d}, which month ${mo} of ${y} does not have`,
      fix: `that month has ${daysInMonth} days`,
    };
  if (h !== undefined && (Number(h) > 23 || Number(mi) > 59 || Number(s) > 60))
    return {
      message: `has time ${h}:${mi}:${s}`,
      fix: 'hours run from 00 to 23, minutes and seconds from 00 to 59',
    };
  return undefined;
}

function periodProblem(raw: string): { message: string; fix: string } | undefined {
  const [start, end] = raw.split('/');
  if (start === undefined || end === undefined)
    return {
      message: 'is not a period',
      fix: 'write start/end or start/duration, e.g. 20260522T140000Z/PT2H',
    };
  return dateProblem(start, 'DATE-TIME') ?? (end.startsWith('P') ? undefined : dateProblem(end, 'DATE-TIME'));
}

function ruleProblem(value: string): { message: string; fix: string } | undefined {
  const fix = 'write it as RFC 5545 does, e.g. FREQ=WEEKLY;BYDAY=TU;UNTIL=20261231T235959Z';
  try {
    const rule = ICAL.Recur.fromString(value);
    if (!rule.freq) return { message: 'has no FREQ', fix };
  } catch (error) {
    return {
      message: `is not a recurrence rule: ${error instanceof Error ? error.message : String(error)}`,
      fix,
    };
  }
  return undefined;
}
