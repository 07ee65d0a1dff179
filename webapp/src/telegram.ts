/**
 * What the page needs of Telegram: the signed initData (sent with every API request) and
 * the theme. Inside Telegram, telegram-web-app.js provides both (window.Telegram.WebApp);
 * without it (the local demo, or the script not loaded) they are read from the URL's
 * fragment, where Telegram puts them too (tgWebAppData, tgWebAppThemeParams).
 */

interface ThemeParams {
  bg_color?: string;
  text_color?: string;
  hint_color?: string;
  link_color?: string;
  button_color?: string;
  button_text_color?: string;
  secondary_bg_color?: string;
  header_bg_color?: string;
  accent_text_color?: string;
  section_bg_color?: string;
  section_header_text_color?: string;
  subtitle_text_color?: string;
  destructive_text_color?: string;
}

interface TelegramWebApp {
  initData: string;
  colorScheme?: 'light' | 'dark';
  themeParams?: ThemeParams;
  ready?: () => void;
  expand?: () => void;
  onEvent?: (event: string, handler: () => void) => void;
  showConfirm?: (message: string, callback: (ok: boolean) => void) => void;
  enableClosingConfirmation?: () => void;
  disableClosingConfirmation?: () => void;
}

declare global {
  interface Window {
    Telegram?: { WebApp?: TelegramWebApp };
  }
}

const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));

function webApp(): TelegramWebApp | undefined {
  return window.Telegram?.WebApp;
}

/** The signed initData, or '' when the page was opened outside Telegram without it. */
export function initData(): string {
  const fromTelegram = webApp()?.initData;
  if (fromTelegram) return fromTelegram;
  return fragment.get('tgWebAppData') ?? '';
}

/** The fragment that carries the launch parameters, kept when moving between the two pages. */
export function launchFragment(): string {
  return location.hash;
}

function themeParams(): ThemeParams {
  const fromTelegram = webApp()?.themeParams;
  if (fromTelegram && Object.keys(fromTelegram).length > 0) return fromTelegram;
  try {
    return JSON.parse(fragment.get('tgWebAppThemeParams') ?? '{}') as ThemeParams;
  } catch {
    return {};
  }
}

/** Lightness of a #rrggbb colour, 0 to 1. */
function lightness(hex: string): number {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return 1;
  const [r, g, b] = [m[1], m[2], m[3]].map((x) => parseInt(x ?? 'ff', 16) / 255) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Applies Telegram's colours as CSS variables (--tg-theme-…) and the light or dark scheme. */
export function applyTheme(): void {
  const params = themeParams();
  const root = document.documentElement;
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === 'string' && /^#[0-9a-f]{3,8}$/i.test(value)) root.style.setProperty(`--tg-theme-${key.replace(/_/g, '-')}`, value);
  }
  const scheme = webApp()?.colorScheme ?? (params.bg_color ? (lightness(params.bg_color) < 0.5 ? 'dark' : 'light') : matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
  root.dataset.scheme = scheme;
}

/** Tells Telegram the page is ready, follows theme changes. */
export function startTelegram(): void {
  applyTheme();
  const app = webApp();
  app?.onEvent?.('themeChanged', () => applyTheme());
  app?.ready?.();
  app?.expand?.();
}

/** Telegram's own confirmation dialog where there is one, the browser's otherwise. */
export function confirmAction(message: string): Promise<boolean> {
  const app = webApp();
  if (app?.showConfirm) {
    return new Promise((resolve) => {
      try {
        app.showConfirm!(message, (ok) => resolve(ok));
      } catch {
        resolve(window.confirm(message));
      }
    });
  }
  return Promise.resolve(window.confirm(message));
}

/** While a change is still being saved, Telegram asks before closing the page (an older client without it closes as before). */
export function confirmClosing(on: boolean): void {
  const app = webApp();
  try {
    if (on) app?.enableClosingConfirmation?.();
    else app?.disableClosingConfirmation?.();
  } catch {
    // Not offered by this client: the save still goes out with keepalive when the page is hidden.
  }
}
