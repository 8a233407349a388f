import { AppError } from './errors.js';

/**
 * The `default:` of a switch over a closed union (alert kinds, statuses, command verbs): a member
 * added to the union and forgotten here is a compile error, and a value from outside it (a row
 * written by a newer version) fails loudly instead of falling into another case.
 */
export function assertNever(value: never, what = 'value'): never {
  throw new AppError('internal', `unexpected ${what}: ${JSON.stringify(value)}`);
}
