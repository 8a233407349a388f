import { keyOf } from '../import/values.js';
import { missingDocumentsWatcher } from '../watchers/missing-documents-watcher.js';
import type { AlertKindModule } from './alert-kind-module.js';

export const missingDocuments: AlertKindModule<'missing_documents'> = {
  kind: 'missing_documents',
  watcher: missingDocumentsWatcher,
  area: 'hr',
  fedBy: 'employees',
  lockId: 72_707_303,
  displayOrder: 3,
  subjectKey: keyOf,
  filterWords: ['admissions', 'admissões', 'hr', 'rh', 'missing_documents'],
};
