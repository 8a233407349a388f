/** The languages the bot speaks (BOT_LOCALE); each has a complete catalog in messages/. */
export const LOCALES = ['en', 'pt-BR'] as const;
export type Locale = (typeof LOCALES)[number];
