// What the domain needs to know about one alert kind, in one place: adding a kind is adding a
// module here (and its view in src/blocks/kinds), see docs/recipes/add-an-alert-kind.md.
import type { AlertKind } from '../alerts/alert-types.js';
import type { ImportKind } from '../import/rows.js';
import type { Area } from '../permissions/authorize.js';
import type { Watcher } from '../watchers/watcher.js';

/** A team that owns alerts: a key of both TEAMS (config.teams) and CHANNELS (config.channels). */
export type OwnerArea = Exclude<Area, 'admin'>;

export interface AlertKindModule<K extends AlertKind = AlertKind> {
  kind: K;
  /** finds what is wrong now */
  watcher: Watcher<K>;
  /** the team that owns the kind: its permission area and the channel its alerts are posted to */
  area: OwnerArea;
  /** the imported entity its watcher reads: an ingest API import of it runs this watcher at once */
  fedBy: ImportKind;
  /** serializes reconciling this kind across instances and commands (pg_advisory_xact_lock) */
  lockId: number;
  /** position in every per-kind listing (/alerts list, digest, App Home); unique, ascending */
  displayOrder: number;
  /** the watcher's merge key of a subject as people type it (SKU, order number, code) */
  subjectKey(subject: string): string;
  /**
   * the words `/alerts ack kind:WORD` accepts for it, lower case, in both languages; the first is
   * the one shown in help and errors. A word may name several kinds (then it picks them all).
   */
  filterWords: readonly [string, ...string[]];
}
