// Knobs for the fault scripts, from FAULTS_* environment variables (these scripts are operator
// tools, not the bot: they read the environment directly). Defaults keep each script to a few
// minutes on a two-core machine.

export const FAULTS_DATABASE_URL = process.env.FAULTS_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

function read(name: string, fallback: number, integer: boolean): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new Error(`${name} must be a ${integer ? 'whole ' : ''}number ≥ 0 (got ${JSON.stringify(raw)})`);
  }
  return value;
}

/** A duration in seconds from `name` (e.g. FAULTS_CUT_SECONDS=60), or the default. */
export function seconds(name: string, fallback: number): number {
  return read(name, fallback, false);
}

export function count(name: string, fallback: number): number {
  return read(name, fallback, true);
}

/** A share from 0 to 1 (e.g. FAULTS_SLACK_FAULT_RATE=0.3). */
export function fraction(name: string, fallback: number): number {
  const value = read(name, fallback, false);
  if (value > 1) throw new Error(`${name} must be a number from 0 to 1 (got ${value})`);
  return value;
}
