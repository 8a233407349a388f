// Messages of one area, English and pt-BR side by side; merged into the catalogs in en.ts / pt-BR.ts.
// Here: paging people about unacknowledged critical alerts (the DM copy, the thread mention, the
// App Home's "paged to you" section).
export const escalationEn = {
  // why someone was paged at a step (decide-escalation.ts)
  'escalation.reason.on_call': 'on call',
  'escalation.reason.next_in_rotation': 'next in the rotation',
  'escalation.reason.admins': 'admins',
  'escalation.reason.nobody_on_call': 'admins: nobody is on call',

  // a reply in the alert's thread, once per step: "<@U1> paged — step 1, on call"
  'escalation.thread': ':rotating_light: {who} paged — step {level}, {reason}',

  // the first line of the DM copy
  'escalation.dm.on_call': ':rotating_light: *Paged to you* · step {level}: you are on call and this critical alert is not acknowledged yet.',
  'escalation.dm.next_in_rotation':
    ':rotating_light: *Paged to you* · step {level}: you are next in the on-call rotation and nobody has acknowledged this critical alert yet.',
  'escalation.dm.admins': ':rotating_light: *Paged to you* · step {level}: you are an admin and nobody on call has acknowledged this critical alert.',
  'escalation.dm.nobody_on_call': ':rotating_light: *Paged to you* · step {level}: nobody is on call, so this critical alert goes to the admins.',
  'escalation.dm.stop': 'Acknowledge it to stop the paging.',
  'escalation.fallback': 'Paged to you: {text}',

  // App Home
  'home.paged': '*Paged to you* · {count}',
  'home.pagedLine': 'step {level} · {when}',
  'home.pagedMore.one': '…and {count} more paged to you (`/alerts list` lists every open alert)',
  'home.pagedMore.other': '…and {count} more paged to you (`/alerts list` lists every open alert)',
} as const;

export const escalationPtBR: Record<keyof typeof escalationEn, string> = {
  'escalation.reason.on_call': 'de plantão',
  'escalation.reason.next_in_rotation': 'a seguir na escala',
  'escalation.reason.admins': 'administradores',
  'escalation.reason.nobody_on_call': 'administradores: ninguém está de plantão',

  'escalation.thread': ':rotating_light: Acionamos {who} — etapa {level}, {reason}',

  'escalation.dm.on_call': ':rotating_light: *Acionamento de plantão* · etapa {level}: você está de plantão e ninguém reconheceu este alerta crítico ainda.',
  'escalation.dm.next_in_rotation':
    ':rotating_light: *Acionamento de plantão* · etapa {level}: você vem a seguir na escala de plantão e ninguém reconheceu este alerta crítico ainda.',
  'escalation.dm.admins': ':rotating_light: *Acionamento de plantão* · etapa {level}: você está entre os administradores e ninguém do plantão reconheceu este alerta crítico.',
  'escalation.dm.nobody_on_call': ':rotating_light: *Acionamento de plantão* · etapa {level}: ninguém está de plantão, então este alerta crítico vai para os administradores.',
  'escalation.dm.stop': 'Reconheça o alerta para parar os acionamentos.',
  'escalation.fallback': 'Acionamento de plantão: {text}',

  'home.paged': '*Acionamentos para você* · {count}',
  'home.pagedLine': 'etapa {level} · {when}',
  'home.pagedMore.one': '…e mais {count} acionado para você (`/alerts listar` lista todos os alertas abertos)',
  'home.pagedMore.other': '…e mais {count} acionados para você (`/alerts listar` lista todos os alertas abertos)',
};
