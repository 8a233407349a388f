// Messages of one area, English and pt-BR side by side; merged into the catalogs in en.ts / pt-BR.ts.
// Here: the reminder of an acknowledged alert, and the on-call hand-off (channel note and DM).
export const remindersHandoffEn = {
  // thread note on an acknowledged alert still open after REMIND_ACKED_AFTER; {ago} like "3 days"
  'alert.note.ackedReminder': '{actor} acknowledged this {ago} ago and it is still open',
  'alert.note.ackedReminderNoDuration': '{actor} acknowledged this and it is still open',
  'alert.note.ackedSomeone': 'Someone',
  // heading of those alerts in a storm group's thread
  'alert.change.acked-reminder': 'Acknowledged but still open',

  // the hand-off note in DIGEST_CHANNEL; {until} is `handoff.until` or empty
  'handoff.note': ':pager: *On call now:* {user}{until}, taking over from {previous}; {critical}',
  'handoff.noteFirst': ':pager: *On call now:* {user}{until}; {critical}',
  'handoff.until': ' (until {until})',
  'handoff.critical.one': '{count} critical alert open',
  'handoff.critical.other': '{count} critical alerts open',
  'handoff.noCritical': 'no critical alerts open',
  // the DM to the incoming person
  'handoff.dm.title': 'You are on call now',
  'handoff.dm.intro': ':pager: You are on call now{until}, taking over from {previous}.',
  'handoff.dm.introFirst': ':pager: You are on call now{until}.',
  'handoff.dm.critical.one': '{count} critical alert is open:',
  'handoff.dm.critical.other': '{count} critical alerts are open:',
  'handoff.dm.noCritical': ':sparkles: No critical alerts are open.',
  'handoff.dm.more.one': '…and {count} more: `/alerts list` shows them all.',
  'handoff.dm.more.other': '…and {count} more: `/alerts list` shows them all.',
  'handoff.dm.in': 'in {channel}',
  'handoff.dm.hint': 'Acknowledge one with `/alerts ack ID`. `/oncall who` shows the rotation.',
} as const;

export const remindersHandoffPtBR: Record<keyof typeof remindersHandoffEn, string> = {
  'alert.note.ackedReminder': '{actor} reconheceu este alerta há {ago} e ele continua aberto',
  'alert.note.ackedReminderNoDuration': '{actor} reconheceu este alerta e ele continua aberto',
  'alert.note.ackedSomeone': 'Alguém',
  'alert.change.acked-reminder': 'Reconhecidos e ainda abertos',

  'handoff.note': ':pager: *De plantão agora:* {user}{until}, no lugar de {previous}; {critical}',
  'handoff.noteFirst': ':pager: *De plantão agora:* {user}{until}; {critical}',
  'handoff.until': ' (até {until})',
  'handoff.critical.one': '{count} alerta crítico aberto',
  'handoff.critical.other': '{count} alertas críticos abertos',
  'handoff.noCritical': 'nenhum alerta crítico aberto',
  'handoff.dm.title': 'Você está de plantão',
  'handoff.dm.intro': ':pager: Você está de plantão agora{until}, no lugar de {previous}.',
  'handoff.dm.introFirst': ':pager: Você está de plantão agora{until}.',
  'handoff.dm.critical.one': '{count} alerta crítico está aberto:',
  'handoff.dm.critical.other': '{count} alertas críticos estão abertos:',
  'handoff.dm.noCritical': ':sparkles: Nenhum alerta crítico aberto.',
  'handoff.dm.more.one': '…e mais {count}: o `/alerts listar` mostra todos.',
  'handoff.dm.more.other': '…e mais {count}: o `/alerts listar` mostra todos.',
  'handoff.dm.in': 'em {channel}',
  'handoff.dm.hint': 'Para reconhecer um alerta, use `/alerts ciente ID`. O `/oncall quem` mostra a escala.',
};
