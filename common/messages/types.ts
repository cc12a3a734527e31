// What a person reads for an error code, in every language the kiosk speaks.
export type Language = 'zh-CN' | 'en';
export const LANGUAGES: readonly Language[] = ['zh-CN', 'en'];

export interface PersonMessage {
  'zh-CN': string;
  en: string;
}

export type MessageTable = Readonly<Record<string, PersonMessage>>;
