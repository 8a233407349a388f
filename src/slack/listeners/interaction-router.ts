// Buttons and modal submissions, registered with Bolt as one listener each and dispatched here by
// action_id / callback_id. Bolt runs the middleware of every registered listener for every request
// (a promise chain and a copy of the arguments each, even to say "not mine"): with a listener per
// button and per modal (28 listeners in all), that fan-out took ~8% of the server's CPU for each
// slash command in bench/ack-latency.bench.ts.
import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { ButtonArgs, ViewArgs } from './interaction.js';

export type ButtonListener = (args: ButtonArgs) => Promise<void>;
export type ViewListener = (args: ViewArgs) => Promise<void>;

/** Where the button and modal listeners are registered, each for one id. */
export interface InteractionRouter {
  action(actionId: string, listener: ButtonListener): void;
  view(callbackId: string, listener: ViewListener): void;
}

/**
 * Lets `register` add its listeners, then registers with Bolt one action listener for exactly
 * those action_ids and one view listener for exactly those callback_ids (anything else stays
 * unhandled, as before).
 */
export function routeInteractions(app: App, register: (router: InteractionRouter) => void): void {
  const actions = new Map<string, ButtonListener>();
  const views = new Map<string, ViewListener>();
  const add = <L>(listeners: Map<string, L>, id: string, listener: L) => {
    if (listeners.has(id)) throw new Error(`two listeners for ${id}`);
    listeners.set(id, listener);
  };
  register({ action: (id, listener) => add(actions, id, listener), view: (id, listener) => add(views, id, listener) });
  app.action<BlockAction<ButtonAction>>(exactly(actions.keys()), (args) => actions.get(args.action.action_id)!(args));
  app.view<ViewSubmitAction>(exactly(views.keys()), (args) => views.get(args.view.callback_id)!(args));
}

/** A pattern matching exactly these ids. */
function exactly(ids: Iterable<string>): RegExp {
  return new RegExp(`^(?:${[...ids].map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);
}
