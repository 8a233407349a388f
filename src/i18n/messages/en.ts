// English catalog: the reference. pt-BR.ts must have exactly the same keys (a test checks).
// Placeholders are {name}; plurals are `.one` / `.other` pairs.
export const en = {
  'app.name': 'Retaguarda',

  // generic replies
  'error.internal': 'Something went wrong on our side; it has been logged. Please try again.',
  'error.usage': 'Usage:',
  'error.unknownCommand': 'Unknown command {command}.',
  'error.unknownVerb': '`{verb}` is not a {command} command.',
  'error.missingArgument': 'Missing {name}.',
  'error.extraArgument': 'Unexpected `{text}` at the end.',
  'error.invalidArgument': '{name} `{value}` {problem}.',
  'error.busy': 'The database is busy; please try again in a moment.',
  'reply.working': 'Working on it…',
  'permission.refused': 'You are not allowed to {area}. Ask {who}.',
  'permission.area.stock': 'change stock',
  'permission.area.finance': 'change orders and payments',
  'permission.area.hr': 'change admission documents',
  'permission.area.admin': 'change the on-call rotation',

  // argument problems (completing "{name} `{value}` …")
  'arg.key': 'is not a valid code (one word, at most 64 characters)',
  'arg.positiveQuantity': 'must be a whole number of units, 1 or more',
  'arg.quantity': 'must be a whole number of units, 0 or more',
  'arg.date': 'must be a real date written YYYY-MM-DD',
  'arg.alertId': 'must be an alert number like #42',
  'arg.duration': 'must be a duration like 30m, 4h, 2d or 1w',
  'arg.until': 'must be a duration like 4h or a date YYYY-MM-DD',
  'arg.user': 'must be a @mention of a person',
  'arg.document': 'must be a document code like aso or proof_of_address',
  'arg.word': 'is not one of the accepted words',

  // help
  'help.title': 'Retaguarda — what you can type',
  'help.intro': 'Each command has its own help: `/stock help`, `/orders help`, …',
  'help.commandLine': '`{command}` — {summary}',
  'help.local': 'Type a slash command as you would in Slack, e.g. `/stock list`. Ctrl-C quits.',

  // command summaries
  'command.stock.summary': 'products and stock levels',
  'command.orders.summary': 'customer orders and payments',
  'command.admissions.summary': 'new hires and their admission documents',
  'command.alerts.summary': 'open alerts: acknowledge, resolve, snooze, digest',
  'command.oncall.summary': 'who is on call, the rotation and overrides',

  // /stock
  'stock.help.list': 'products, or only those at or below their minimum',
  'stock.help.show': 'one product with its recent movements',
  'stock.help.restock': 'add units received (records a stock movement)',
  'stock.help.set': 'set the counted stock',
  'stock.help.min': 'set the minimum stock that triggers an alert',
  'stock.help.help': 'this help',
  'stock.list.title': 'Products',
  'stock.list.titleLow': 'Products at or below minimum',
  'stock.list.empty': 'No products yet. Import some with `npm run import -- products file.csv`.',
  'stock.list.emptyLow': 'No product is at or below its minimum. 🎉',
  'stock.list.line': '*{sku}* {name} — {stock} {unit} (min {min})',
  'stock.list.more.one': '…and {count} more product. Narrow down with `/stock show SKU`.',
  'stock.list.more.other': '…and {count} more products. Narrow down with `/stock show SKU`.',
  'stock.notFound': 'No active product with SKU `{sku}`. `/stock list` shows them all.',
  'stock.tooLarge': 'That would put the stock above the largest number we can store.',
  'stock.show.title': '{sku} — {name}',
  'stock.show.stock': '*Stock*\n{stock} {unit}',
  'stock.show.min': '*Minimum*\n{min} {unit}',
  'stock.show.reorder': '*Reorder quantity*\n{qty} {unit}',
  'stock.show.movements': '*Recent movements*',
  'stock.show.movement': '{when} · {delta} → {after} · {reason} · {actor}',
  'stock.show.noMovements': 'No stock movements recorded yet.',
  'stock.changed.restock': '{actor} restocked *{sku}* {name}: +{quantity} → {stock} {unit}.',
  'stock.changed.set': '{actor} set the stock of *{sku}* {name} to {stock} {unit} (was {before}).',
  'stock.changed.min': '{actor} set the minimum of *{sku}* {name} to {min} {unit} (was {before}).',
  'stock.reason.import': 'import',
  'stock.reason.restock': 'restock',
  'stock.reason.set': 'count',

  // local mode
  'local.demoLoaded': 'The embedded database was empty: loaded demo data ({products} products, {orders} orders, {employees} new hires).',
  'local.ready': 'Retaguarda is running in local mode (no Slack). Type `help` for the commands.',
} as const;

export type MessageKey = keyof typeof en;
