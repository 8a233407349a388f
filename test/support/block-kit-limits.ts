/**
 * Slack's Block Kit limits as a pure validator, so tests can prove that what our builders render
 * would be accepted by Slack (which answers `invalid_blocks` for the whole message otherwise).
 *
 * Lengths are measured in UTF-16 code units (`string.length`). That never under-counts compared
 * with Slack, so anything this validator accepts fits Slack's limits whichever way Slack counts.
 *
 * Violations are human-readable strings with a path, e.g.
 * `blocks[3] (section).text.text: 3001 characters, limit 3000`.
 */

export type Surface = 'message' | 'modal' | 'home';

export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  actionId: 255,
  blockId: 255,
  contextElements: 10,
  actionsElements: 25,
  inputLabel: 2000,
  inputHint: 2000,
  imageAltText: 2000,
  imageUrl: 3000,
  optionText: 75,
  optionValue: 150,
  placeholder: 150,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  viewTitle: 24,
  viewSubmit: 24,
  viewClose: 24,
  privateMetadata: 3000,
  callbackId: 255,
  externalId: 255,
  /** Slack's hard limit for `text`; longer is truncated or refused with `msg_too_long`. */
  messageText: 40_000,
} as const;

const BLOCK_TYPES = new Set([
  'section',
  'header',
  'divider',
  'context',
  'actions',
  'input',
  'image',
  'rich_text',
]);

// Every interactive/display element Slack documents. Slack refuses unknown element types too, so a
// typo in an element type fails here instead of in production.
const ELEMENT_TYPES = new Set([
  'button',
  'checkboxes',
  'datepicker',
  'datetimepicker',
  'email_text_input',
  'file_input',
  'image',
  'multi_static_select',
  'multi_external_select',
  'multi_users_select',
  'multi_conversations_select',
  'multi_channels_select',
  'number_input',
  'overflow',
  'plain_text_input',
  'radio_buttons',
  'rich_text_input',
  'static_select',
  'external_select',
  'users_select',
  'conversations_select',
  'channels_select',
  'timepicker',
  'url_text_input',
  'workflow_button',
]);

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collects violations; `at` builds the path prefix so each check stays one line. */
class Report {
  readonly violations: string[] = [];
  add(path: string, message: string): void {
    this.violations.push(`${path}: ${message}`);
  }
}

function checkLength(report: Report, path: string, value: unknown, limit: number): void {
  if (typeof value !== 'string') {
    report.add(path, `must be a string (got ${describe(value)})`);
    return;
  }
  if (value.length > limit) report.add(path, `${value.length} characters, limit ${limit}`);
}

function checkOptionalLength(report: Report, path: string, value: unknown, limit: number): void {
  if (value !== undefined) checkLength(report, path, value, limit);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * A composition text object: `{ type: 'plain_text' | 'mrkdwn', text }` with non-empty text.
 * `only` restricts the type where Slack does (headers, labels, button texts are plain_text only).
 */
function checkTextObject(
  report: Report,
  path: string,
  value: unknown,
  limit: number,
  only?: 'plain_text',
): void {
  if (!isObject(value)) {
    report.add(path, `must be a text object (got ${describe(value)})`);
    return;
  }
  const { type, text } = value;
  if (type !== 'plain_text' && type !== 'mrkdwn') {
    report.add(`${path}.type`, `must be "plain_text" or "mrkdwn" (got ${JSON.stringify(type)})`);
  } else if (only !== undefined && type !== only) {
    report.add(`${path}.type`, `must be "${only}" (got "${type}")`);
  }
  if (typeof text !== 'string' || text.length === 0) {
    report.add(`${path}.text`, 'must be a non-empty string');
    return;
  }
  checkLength(report, `${path}.text`, text, limit);
}

function checkOptionalTextObject(
  report: Report,
  path: string,
  value: unknown,
  limit: number,
  only?: 'plain_text',
): void {
  if (value !== undefined) checkTextObject(report, path, value, limit, only);
}

function checkConfirm(report: Report, path: string, value: unknown): void {
  if (value === undefined) return;
  if (!isObject(value)) {
    report.add(path, 'must be a confirmation dialog object');
    return;
  }
  checkTextObject(report, `${path}.title`, value.title, LIMITS.confirmTitle, 'plain_text');
  checkTextObject(report, `${path}.text`, value.text, LIMITS.confirmText);
  checkTextObject(report, `${path}.confirm`, value.confirm, LIMITS.confirmButton, 'plain_text');
  checkTextObject(report, `${path}.deny`, value.deny, LIMITS.confirmButton, 'plain_text');
}

function checkOptions(report: Report, path: string, value: unknown): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    report.add(path, 'must be an array of option objects');
    return;
  }
  value.forEach((option, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(option)) {
      report.add(at, 'must be an option object');
      return;
    }
    checkTextObject(report, `${at}.text`, option.text, LIMITS.optionText);
    checkLength(report, `${at}.value`, option.value, LIMITS.optionValue);
  });
}

function checkButton(report: Report, path: string, element: JsonObject): void {
  checkTextObject(report, `${path}.text`, element.text, LIMITS.buttonText, 'plain_text');
  checkOptionalLength(report, `${path}.value`, element.value, LIMITS.buttonValue);
  checkOptionalLength(report, `${path}.url`, element.url, LIMITS.buttonUrl);
  const { style } = element;
  if (style !== undefined && style !== 'primary' && style !== 'danger') {
    report.add(`${path}.style`, `must be "primary" or "danger" (got ${JSON.stringify(style)})`);
  }
}

/** Interactive or image element inside a section accessory, actions, context or input block. */
function checkElement(report: Report, path: string, element: unknown): void {
  if (!isObject(element)) {
    report.add(path, `must be an element object (got ${describe(element)})`);
    return;
  }
  const { type } = element;
  if (typeof type !== 'string' || !ELEMENT_TYPES.has(type)) {
    report.add(`${path}.type`, `unknown element type ${JSON.stringify(type)}`);
    return;
  }
  const at = `${path} (${type})`;
  checkOptionalLength(report, `${at}.action_id`, element.action_id, LIMITS.actionId);
  checkOptionalTextObject(report, `${at}.placeholder`, element.placeholder, LIMITS.placeholder, 'plain_text');
  checkConfirm(report, `${at}.confirm`, element.confirm);
  checkOptions(report, `${at}.options`, element.options);
  if (type === 'button') checkButton(report, at, element);
  if (type === 'image') checkImageElement(report, at, element);
}

function checkImageElement(report: Report, path: string, element: JsonObject): void {
  checkLength(report, `${path}.alt_text`, element.alt_text, LIMITS.imageAltText);
  if (element.image_url === undefined && element.slack_file === undefined) {
    report.add(path, 'needs image_url or slack_file');
  }
  checkOptionalLength(report, `${path}.image_url`, element.image_url, LIMITS.imageUrl);
}

function checkSection(report: Report, path: string, block: JsonObject): void {
  const { text, fields, accessory } = block;
  if (text === undefined && fields === undefined) report.add(path, 'needs text or fields');
  checkOptionalTextObject(report, `${path}.text`, text, LIMITS.sectionText);
  if (fields !== undefined) {
    if (!Array.isArray(fields)) {
      report.add(`${path}.fields`, 'must be an array');
    } else {
      if (fields.length > LIMITS.sectionFields) {
        report.add(`${path}.fields`, `${fields.length} fields, limit ${LIMITS.sectionFields}`);
      }
      fields.forEach((field, i) =>
        checkTextObject(report, `${path}.fields[${i}]`, field, LIMITS.sectionFieldText),
      );
    }
  }
  if (accessory !== undefined) checkElement(report, `${path}.accessory`, accessory);
}

function checkElementList(
  report: Report,
  path: string,
  elements: unknown,
  limit: number,
  checkOne: (at: string, element: unknown) => void,
): void {
  if (!Array.isArray(elements) || elements.length === 0) {
    report.add(`${path}.elements`, 'must be a non-empty array');
    return;
  }
  if (elements.length > limit) {
    report.add(`${path}.elements`, `${elements.length} elements, limit ${limit}`);
  }
  elements.forEach((element, i) => checkOne(`${path}.elements[${i}]`, element));
}

function checkContextElement(report: Report, path: string, element: unknown): void {
  // Context holds text objects and image elements only.
  if (isObject(element) && element.type === 'image') {
    checkImageElement(report, `${path} (image)`, element);
  } else {
    checkTextObject(report, path, element, LIMITS.sectionText);
  }
}

function checkInput(report: Report, path: string, block: JsonObject): void {
  checkTextObject(report, `${path}.label`, block.label, LIMITS.inputLabel, 'plain_text');
  checkOptionalTextObject(report, `${path}.hint`, block.hint, LIMITS.inputHint, 'plain_text');
  if (block.element === undefined) report.add(path, 'needs an element');
  else checkElement(report, `${path}.element`, block.element);
}

function checkImageBlock(report: Report, path: string, block: JsonObject): void {
  checkImageElement(report, path, block);
  checkOptionalTextObject(report, `${path}.title`, block.title, LIMITS.imageAltText, 'plain_text');
}

function checkBlock(report: Report, path: string, block: JsonObject, type: string): void {
  switch (type) {
    case 'section':
      return checkSection(report, path, block);
    case 'header':
      return checkTextObject(report, `${path}.text`, block.text, LIMITS.headerText, 'plain_text');
    case 'context':
      return checkElementList(report, path, block.elements, LIMITS.contextElements, (at, el) =>
        checkContextElement(report, at, el),
      );
    case 'actions':
      return checkElementList(report, path, block.elements, LIMITS.actionsElements, (at, el) =>
        checkElement(report, at, el),
      );
    case 'input':
      return checkInput(report, path, block);
    case 'image':
      return checkImageBlock(report, path, block);
    case 'rich_text':
      // Rich text elements are not text objects; only the outer shape is checked.
      if (!Array.isArray(block.elements)) report.add(`${path}.elements`, 'must be an array');
      return;
    case 'divider':
      return;
  }
}

/**
 * Validates a `blocks` array for a message (limit 50) or a modal/App Home view (limit 100).
 * Returns human-readable violations; an empty list means Slack would accept the blocks.
 */
export function validateBlocks(blocks: unknown, surface: Surface): string[] {
  const report = new Report();
  if (!Array.isArray(blocks)) {
    report.add('blocks', `must be an array (got ${describe(blocks)})`);
    return report.violations;
  }
  const limit = surface === 'message' ? LIMITS.blocksPerMessage : LIMITS.blocksPerView;
  if (blocks.length > limit) {
    report.add('blocks', `${blocks.length} blocks, limit ${limit} per ${surface}`);
  }
  const seenBlockIds = new Map<string, number>();
  blocks.forEach((block, i) => {
    if (!isObject(block)) {
      report.add(`blocks[${i}]`, `must be an object (got ${describe(block)})`);
      return;
    }
    const { type } = block;
    if (typeof type !== 'string' || !BLOCK_TYPES.has(type)) {
      report.add(`blocks[${i}]`, `unknown block type ${JSON.stringify(type)}`);
      return;
    }
    const path = `blocks[${i}] (${type})`;
    checkBlockId(report, path, block.block_id, i, seenBlockIds);
    checkBlock(report, path, block, type);
  });
  return report.violations;
}

function checkBlockId(
  report: Report,
  path: string,
  blockId: unknown,
  index: number,
  seen: Map<string, number>,
): void {
  if (blockId === undefined) return;
  checkLength(report, `${path}.block_id`, blockId, LIMITS.blockId);
  if (typeof blockId !== 'string') return;
  const first = seen.get(blockId);
  if (first !== undefined) {
    report.add(`${path}.block_id`, `${JSON.stringify(blockId)} duplicates blocks[${first}]`);
  } else {
    seen.set(blockId, index);
  }
}

/**
 * Validates a view for `views.open` / `views.push` / `views.update` (modal) or `views.publish`
 * (home), including its blocks with the 100-block view limit.
 */
export function validateView(view: unknown): string[] {
  const report = new Report();
  if (!isObject(view)) {
    report.add('view', `must be an object (got ${describe(view)})`);
    return report.violations;
  }
  const { type } = view;
  if (type !== 'modal' && type !== 'home') {
    report.add('view.type', `must be "modal" or "home" (got ${JSON.stringify(type)})`);
    return report.violations;
  }
  if (type === 'modal') checkModalChrome(report, view);
  checkOptionalLength(report, 'view.private_metadata', view.private_metadata, LIMITS.privateMetadata);
  checkOptionalLength(report, 'view.callback_id', view.callback_id, LIMITS.callbackId);
  checkOptionalLength(report, 'view.external_id', view.external_id, LIMITS.externalId);
  for (const violation of validateBlocks(view.blocks, type)) report.violations.push(`view.${violation}`);
  return report.violations;
}

function checkModalChrome(report: Report, view: JsonObject): void {
  checkTextObject(report, 'view.title', view.title, LIMITS.viewTitle, 'plain_text');
  checkOptionalTextObject(report, 'view.submit', view.submit, LIMITS.viewSubmit, 'plain_text');
  checkOptionalTextObject(report, 'view.close', view.close, LIMITS.viewClose, 'plain_text');
  // Slack refuses a modal with input blocks and no submit button.
  const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObject(b) && b.type === 'input');
  if (hasInput && view.submit === undefined) report.add('view.submit', 'required when the view has input blocks');
}

/**
 * Validates a message's top-level `text` against Slack's hard limit (40,000 characters, beyond
 * which Slack answers `msg_too_long`). Our own builders keep text under 4,000 characters, the
 * length Slack displays in full; a test for that belongs with the builders, not here.
 */
export function validateMessageText(text: unknown): string[] {
  const report = new Report();
  checkLength(report, 'text', text, LIMITS.messageText);
  return report.violations;
}
