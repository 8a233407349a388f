import type { App } from '@slack/bolt';
import type { Deps } from '../../app/deps.js';
import { registerCommandListeners } from './commands/index.js';

export function registerListeners(app: App, deps: Deps): void {
  registerCommandListeners(app, deps);
}
