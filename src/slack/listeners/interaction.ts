// Shared plumbing for buttons and modals, so each listener is parse → domain → render → reply:
// acknowledging in time, turning errors into a polite ephemeral answer (one place), and carrying
// the alert context through a modal's private_metadata.
import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import { decodeAlertButton, type AlertButtonValue } from '../../blocks/action-ids.js';
import { FieldError, type ViewValues } from '../../blocks/modals/view-values.js';
import type { Reply } from '../../blocks/reply.js';
import { reportError } from '../../commands/run-command.js';
import type { Actor } from '../../domain/actor.js';
import { AppError } from '../../lib/errors.js';
import type { SlackDeps } from '../slack-deps.js';

export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;
export type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** Where the clicked button was: a channel message (update it), an ephemeral reply, or the App Home. */
export interface ClickContext {
  actor: Actor;
  triggerId: string;
  channelId?: string;
  messageTs?: string;
  /** set when the click came from the App Home (refresh it afterwards) */
  fromHome: boolean;
}

/** A click on an alert's button. */
export interface ButtonContext extends ClickContext {
  alert: AlertButtonValue;
}

/**
 * A button on an alert. The listener acks at once (Slack needs it within 3 s; opening a modal
 * must happen right after, while the trigger_id is fresh), then runs `handle`. An error becomes an
 * ephemeral reply to the person who clicked; nothing else is changed.
 */
export function alertButton(deps: SlackDeps, handle: (ctx: ButtonContext, args: ButtonArgs) => Promise<Reply | void>) {
  return valueButton(deps, decodeAlertButton, (ctx, alert, args) => handle({ ...ctx, alert }, args));
}

/**
 * A button whose value `decode` reads (undefined: a mangled value, answered politely), handled as
 * alertButton describes.
 */
export function valueButton<V>(
  deps: SlackDeps,
  decode: (value: string | undefined) => V | undefined,
  handle: (ctx: ClickContext, value: V, args: ButtonArgs) => Promise<Reply | void>,
) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const { body, action } = args;
    const actor: Actor = { userId: body.user.id };
    try {
      const value = decode(action.value);
      if (value === undefined) throw new AppError('invalid_input', `bad button value ${action.value ?? ''}`, { userMessage: deps.i18n.t('interaction.badButton') });
      const reply = await handle(
        {
          actor,
          triggerId: body.trigger_id,
          channelId: body.container?.channel_id ?? body.channel?.id,
          messageTs: body.container?.message_ts ?? body.message?.ts,
          fromHome: body.view?.type === 'home',
        },
        value,
        args,
      );
      if (reply) await answerEphemeral(args, reply);
    } catch (error) {
      await answerEphemeral(args, reportError(deps, error, { action: action.action_id, user: actor.userId }));
    }
    // The person's App Home shows the alert's new state (or that it is gone) after every click.
    await refreshHome(deps, args.client, actor.userId);
  };
}

export async function refreshHome(deps: SlackDeps, client: AllMiddlewareArgs['client'], userId: string): Promise<void> {
  try {
    await deps.home.publish(client, userId);
  } catch (error) {
    deps.logger.warn({ err: error }, 'could not refresh the App Home');
  }
}

async function answerEphemeral(args: ButtonArgs, reply: Reply): Promise<void> {
  const { body } = args;
  if (body.view?.type === 'home' || !body.response_url) {
    // No response_url from the App Home: a DM from the bot is the polite fallback.
    await args.client.chat.postMessage({ channel: body.user.id, text: reply.text, blocks: reply.blocks });
    return;
  }
  await args.respond({ response_type: 'ephemeral', replace_original: false, text: reply.text, blocks: reply.blocks });
}

/** Where a modal was opened from: its outcome is answered there. */
export interface ModalPlace {
  channelId?: string;
  fromHome?: boolean;
}

/** What a modal about one alert carries from the click that opened it to its submission. */
export interface ModalContext extends ModalPlace {
  alertId: number;
  version: number;
}

export function encodeModalContext(context: ModalContext): string {
  return JSON.stringify(context);
}

export function decodeModalContext(text: string | undefined): ModalContext | undefined {
  return decodeModalMetadata(text, (value) =>
    typeof value.alertId === 'number' && typeof value.version === 'number' ? { alertId: value.alertId, version: value.version } : undefined,
  );
}

/**
 * A modal's private_metadata as it was encoded when the modal opened: `read` takes what the modal
 * is about from the JSON object, and where it was opened (ModalPlace) comes with it. Undefined for
 * anything else, so a forged or stale payload is refused, never half-read.
 */
export function decodeModalMetadata<T extends object>(text: string | undefined, read: (value: Record<string, unknown>) => T | undefined): (T & ModalPlace) | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text ?? '');
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const about = read(record);
  if (!about) return undefined;
  return { ...about, channelId: typeof record.channelId === 'string' ? record.channelId : undefined, fromHome: record.fromHome === true };
}

/**
 * A modal submission. `validate` runs first, without I/O: a FieldError comes back to the modal
 * with response_action "errors" on that field. Then the modal closes and `handle` runs; its
 * outcome (or a polite error) reaches the person as an ephemeral message or DM.
 */
export function modalSubmission<T>(
  deps: SlackDeps,
  validate: (values: ViewValues, context: ModalContext, args: ViewArgs) => T,
  handle: (input: T, context: ModalContext, actor: Actor, args: ViewArgs) => Promise<Reply | void>,
) {
  return viewSubmission(deps, decodeModalContext, validate, handle);
}

/**
 * A modal submission whose private_metadata `decode` reads (undefined: a mangled context,
 * answered politely), handled as modalSubmission describes.
 */
export function viewSubmission<C extends ModalPlace, T>(
  deps: SlackDeps,
  decode: (text: string | undefined) => C | undefined,
  validate: (values: ViewValues, context: C, args: ViewArgs) => T,
  handle: (input: T, context: C, actor: Actor, args: ViewArgs) => Promise<Reply | void>,
) {
  return async (args: ViewArgs): Promise<void> => {
    const { body, view } = args;
    const actor: Actor = { userId: body.user.id };
    const context = decode(view.private_metadata);
    let input: T;
    try {
      if (!context) throw new AppError('invalid_input', 'modal without context', { userMessage: deps.i18n.t('interaction.badButton') });
      input = validate(view.state.values, context, args);
    } catch (error) {
      if (error instanceof FieldError) {
        await args.ack({ response_action: 'errors', errors: { [error.blockId]: error.message } });
        return;
      }
      await args.ack();
      await notify(args, context, reportError(deps, error, { view: view.callback_id, user: actor.userId }));
      return;
    }
    await args.ack();
    try {
      const reply = await handle(input, context!, actor, args);
      if (reply) await notify(args, context, reply);
    } catch (error) {
      await notify(args, context, reportError(deps, error, { view: view.callback_id, user: actor.userId }));
    }
    await refreshHome(deps, args.client, actor.userId);
  };
}

/** An ephemeral message in the alert's channel when we know it, otherwise a DM. */
async function notify(args: ViewArgs, context: ModalPlace | undefined, reply: Reply): Promise<void> {
  const user = args.body.user.id;
  if (context?.channelId && !context.fromHome) {
    await args.client.chat.postEphemeral({ channel: context.channelId, user, text: reply.text, blocks: reply.blocks });
  } else {
    await args.client.chat.postMessage({ channel: user, text: reply.text, blocks: reply.blocks });
  }
}
