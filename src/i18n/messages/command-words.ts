// Messages of one area, English and pt-BR side by side; merged into the catalogs in en.ts / pt-BR.ts.
// Here: the names of command arguments, as usage, help and argument errors show them ("Falta QTD."),
// how help mentions a verb's word in the other language, and the local console's headlines. Verbs
// themselves live in the command specs (src/domain/commands/*-command.ts), which accept both
// languages' words whatever the locale.
export const commandWordsEn = {
  'argName.sku': 'SKU',
  'argName.qty': 'QTY',
  'argName.note': 'note',
  'argName.number': 'NUMBER',
  'argName.reference': 'reference',
  'argName.date': 'YYYY-MM-DD',
  'argName.code': 'CODE',
  'argName.doc': 'DOC',
  'argName.reason': 'reason',
  'argName.id': 'ID',
  'argName.filter': 'FILTER',
  'argName.duration': 'DURATION',
  'argName.until': 'DURATION|YYYY-MM-DD',
  'argName.user': '@user',
  'argName.year': 'YEAR',
  'argName.low': 'low',
  'argName.overdue': 'overdue',
  'argName.customers': 'customers',
  // after a verb's help line when the other language's word works too: "… · or `repor`"
  'help.otherWord': 'or `{word}`',
  // local mode prints each channel message under a headline: "── #stock · new message ──"
  'console.newMessage': '{where} · new message',
  'console.threadReply': '{where} · reply in thread',
  'console.updated': '{where} · updated message {ts}',
  'console.dm': 'DM to {user}',
} as const;

export const commandWordsPtBR: Record<keyof typeof commandWordsEn, string> = {
  'argName.sku': 'SKU',
  'argName.qty': 'QTD',
  'argName.note': 'OBSERVAÇÃO',
  'argName.number': 'NÚMERO',
  'argName.reference': 'REFERÊNCIA',
  'argName.date': 'DD/MM/AAAA',
  'argName.code': 'CÓDIGO',
  'argName.doc': 'DOC',
  'argName.reason': 'MOTIVO',
  'argName.id': 'ID',
  'argName.filter': 'FILTRO',
  'argName.duration': 'DURAÇÃO',
  'argName.until': 'DURAÇÃO|DD/MM/AAAA',
  'argName.user': '@pessoa',
  'argName.year': 'ANO',
  'argName.low': 'baixo',
  'argName.overdue': 'vencidos',
  'argName.customers': 'clientes',
  'help.otherWord': 'ou `{word}`',
  'console.newMessage': '{where} · nova mensagem',
  'console.threadReply': '{where} · resposta na conversa',
  'console.updated': '{where} · mensagem {ts} atualizada',
  'console.dm': 'mensagem direta para {user}',
};
