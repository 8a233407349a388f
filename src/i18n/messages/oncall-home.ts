// Messages of one area, English and pt-BR side by side; merged into the catalogs in en.ts / pt-BR.ts.
// Here: `/oncall` and the App Home.
export const oncallHomeEn = {
  // /oncall help — the rotation rule is told here (rotation-rule.ts)
  'oncall.help.who': 'who is on call now and until when, who is next, active overrides',
  'oncall.help.set':
    'replace the rotation with these people, in order (admins). Hand-off every Monday at 09:00 (bot time zone): the first person covers the current week, the next one the week after, and so on, cycling',
  'oncall.help.override': 'put someone on call from now for DURATION, at most 30 days (admins). Wins over the rotation; the latest override wins',
  'oncall.help.help': 'this help',

  // argument problems (completing "{name} `{value}` …")
  'oncall.arg.duplicate': 'is listed more than once; each person appears once in the rotation',
  'oncall.arg.tooMany': 'is one too many: a rotation has at most 52 people',
  'oncall.arg.overrideTooLong': 'is too long: an override lasts at most 30 days (e.g. 12h, 3d, 2w)',
  'oncall.set.invalid': 'A rotation needs 1 to {max} different people.',
  'oncall.override.tooLong': 'An override lasts at most 30 days.',

  // who is on call (the /oncall who reply and the App Home)
  'oncall.title': 'On call',
  'oncall.now': ':pager: *On call now:* {user} until {until}',
  'oncall.nowOpenEnded': ':pager: *On call now:* {user}',
  'oncall.viaOverride': '(override)',
  'oncall.next': '*Next:* {user} from {from}',
  'oncall.nobody': ':pager: Nobody is on call: no rotation has been set. An admin can set one with `/oncall set @a @b`.',
  'oncall.overrides': '*Active overrides*',
  'oncall.overrideLine': '{user}, override until {until} (set {by})',
  'oncall.overridesMore.one': '…and {count} more override',
  'oncall.overridesMore.other': '…and {count} more overrides',
  'oncall.rotation': 'Rotation, hand-off every Monday at 09:00 ({timezone}): {users}',
  'oncall.noRotation': 'No rotation set.',
  'oncall.set.done': '{actor} set the on-call rotation: {users}.',
  'oncall.override.done': '{actor} put {user} on call until {until}.',

  // App Home
  'home.title.one': '{count} alert needs you',
  'home.title.other': '{count} alerts need you',
  'home.titleEmpty': 'Nothing needs you now',
  'home.empty': ':sparkles: No open alerts for your teams. New ones show up here and in your team’s channel.',
  'home.kindCount': '{kind}: {count}',
  'home.updated': 'updated {when}',
  'home.group': '*{kind}* · {count}',
  'home.page': 'Page {page} of {pages} · alerts {from}–{to} of {total}',
  'home.previous': '← Previous',
  'home.next': 'Next →',
} as const;

export const oncallHomePtBR: Record<keyof typeof oncallHomeEn, string> = {
  'oncall.help.who': 'quem está de plantão agora e até quando, quem é o próximo, substituições ativas',
  'oncall.help.set':
    'substitui a escala por estas pessoas, nesta ordem (administradores). Troca toda segunda-feira às 09:00 (fuso do bot): a primeira pessoa cobre a semana atual, a seguinte a próxima semana, e assim por diante, em ciclo',
  'oncall.help.override':
    'coloca alguém de plantão a partir de agora por DURAÇÃO, no máximo 30 dias (administradores). Vale sobre a escala; a substituição mais recente prevalece',
  'oncall.help.help': 'esta ajuda',

  'oncall.arg.duplicate': 'aparece mais de uma vez; cada pessoa entra uma vez só na escala',
  'oncall.arg.tooMany': 'passa do limite: uma escala tem no máximo 52 pessoas',
  'oncall.arg.overrideTooLong': 'é longo demais: uma substituição dura no máximo 30 dias (ex.: 12h, 3d, 2w)',
  'oncall.set.invalid': 'Uma escala precisa de 1 a {max} pessoas diferentes.',
  'oncall.override.tooLong': 'Uma substituição dura no máximo 30 dias.',

  'oncall.title': 'Plantão',
  'oncall.now': ':pager: *De plantão agora:* {user} até {until}',
  'oncall.nowOpenEnded': ':pager: *De plantão agora:* {user}',
  'oncall.viaOverride': '(substituição)',
  'oncall.next': '*Próximo:* {user} a partir de {from}',
  'oncall.nobody': ':pager: Ninguém está de plantão: a escala ainda não foi definida. Um administrador pode defini-la com `/oncall definir @a @b`.',
  'oncall.overrides': '*Substituições ativas*',
  'oncall.overrideLine': '{user}, substituição até {until} (definida {by})',
  'oncall.overridesMore.one': '…e mais {count} substituição',
  'oncall.overridesMore.other': '…e mais {count} substituições',
  'oncall.rotation': 'Escala, troca toda segunda-feira às 09:00 ({timezone}): {users}',
  'oncall.noRotation': 'Nenhuma escala definida.',
  'oncall.set.done': '{actor} definiu a escala de plantão: {users}.',
  'oncall.override.done': '{actor} colocou {user} de plantão até {until}.',

  'home.title.one': '{count} alerta precisa de você',
  'home.title.other': '{count} alertas precisam de você',
  'home.titleEmpty': 'Nada precisa de você agora',
  'home.empty': ':sparkles: Nenhum alerta aberto para as suas equipes. Os novos aparecem aqui e no canal da equipe.',
  'home.kindCount': '{kind}: {count}',
  'home.updated': 'atualizado em {when}',
  'home.group': '*{kind}* · {count}',
  'home.page': 'Página {page} de {pages} · alertas {from}–{to} de {total}',
  'home.previous': '← Anterior',
  'home.next': 'Próxima →',
};
