// The cron expressions of CloudBase timer triggers, checked as the platform documents them (定时触发器):
// seven required fields — second minute hour day month weekday year — each an integer in its range (or a
// month / weekday name), with only the wildcards `, - * /`. Quartz/SCF extras (`? L W #`), five- and
// six-field crontabs and a weekday of 7 are refused, as a deploy would refuse them.

export interface CronField {
  label: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
/** 0 is Sunday. */
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

export const CRON_FIELDS: readonly CronField[] = [
  { label: 'second', min: 0, max: 59 },
  { label: 'minute', min: 0, max: 59 },
  { label: 'hour', min: 0, max: 23 },
  { label: 'day', min: 1, max: 31 },
  { label: 'month', min: 1, max: 12, names: MONTHS },
  { label: 'weekday', min: 0, max: 6, names: WEEKDAYS },
  { label: 'year', min: 1970, max: 2099 },
];

export const CRON_FORMAT = 'second minute hour day month weekday year';

function valueOf(token: string, spec: CronField): number | undefined {
  if (/^\d+$/.test(token)) return Number(token);
  const named = spec.names?.indexOf(token.toUpperCase()) ?? -1;
  if (named < 0) return undefined;
  return spec.names === MONTHS ? named + 1 : named;
}

/** The values one field selects, or a sentence saying why the platform would refuse it. */
export function expandField(field: string, spec: CronField): Set<number> | string {
  const values = new Set<number>();
  const refused = `${spec.label} field "${field}" is not valid: ${spec.min}-${spec.max}${
    spec.names ? ` or ${spec.names[0]}-${spec.names[spec.names.length - 1]}` : ''
  }, with only , - * /`;
  for (const part of field.split(',')) {
    const [range, step, extra] = part.split('/');
    if (extra !== undefined || !range) return refused;
    if (step !== undefined && !/^[1-9]\d*$/.test(step)) return refused;
    let from = spec.min;
    let to = spec.max;
    if (range !== '*') {
      const bounds = range.split('-');
      if (bounds.length > 2) return refused;
      const numbers = bounds.map((token) => valueOf(token, spec));
      if (numbers.some((n) => n === undefined || n < spec.min || n > spec.max)) return refused;
      from = numbers[0] as number;
      // "a/n" runs from a to the end of the range; a lone "a" is just a.
      to = numbers.length === 2 ? (numbers[1] as number) : step !== undefined ? spec.max : from;
      if (from > to) return refused;
    }
    for (let value = from; value <= to; value += step === undefined ? 1 : Number(step)) values.add(value);
  }
  return values;
}

/** Why the platform would refuse this timer trigger's cron, or undefined when it is valid. */
export function cronProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/).filter(Boolean);
  if (fields.length !== 7) {
    return `has ${fields.length} field${fields.length === 1 ? '' : 's'}; CloudBase timer triggers take 7 (${CRON_FORMAT})`;
  }
  for (const [index, field] of fields.entries()) {
    const spec = CRON_FIELDS[index] as CronField;
    const expanded = expandField(field, spec);
    if (typeof expanded === 'string') return expanded;
  }
  return undefined;
}
