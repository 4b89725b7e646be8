import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Locale } from '@zhengming/contracts';
import { en, zhCN, type Catalogue, type MessageKey } from './messages';

const STORAGE_KEY = 'zhengming.locale';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export interface I18n {
  locale: Locale;
  t: Translate;
  setLocale: (locale: Locale) => void;
}

/** The remembered choice, Chinese unless the user picked English before. */
export function readStoredLocale(): Locale {
  try {
    return window.localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

/** Fills `{name}` placeholders of a catalogue entry. */
export function formatMessage(catalogue: Catalogue, key: MessageKey, params?: Record<string, string | number>): string {
  const text = catalogue[key];
  if (params === undefined) {
    return text;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

const I18nContext = createContext<I18n | null>(null);

/** Holds the UI language; the choice is kept in localStorage and mirrored on `<html lang>`. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(readStoredLocale);
  const setLocale = useCallback((next: Locale) => {
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private browsing may refuse storage; the choice then lasts for this page only.
    }
    document.documentElement.lang = next;
    setLocaleState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    const catalogue: Catalogue = locale === 'en' ? en : zhCN;
    return { locale, setLocale, t: (key, params) => formatMessage(catalogue, key, params) };
  }, [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The current language and its translate function. */
export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (value === null) {
    throw new Error('useI18n outside I18nProvider');
  }
  return value;
}

/** Picks the Chinese or English label of a contracts label table entry. */
export function pickLabel(label: { zh: string; en: string }, locale: Locale): string {
  return locale === 'en' ? label.en : label.zh;
}
