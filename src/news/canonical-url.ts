const TRACKING_PARAMS = /^(utm_[a-z_]+|fbclid|gclid|yclid|mc_cid|mc_eid)$/i;

/** An absolute URL, or null when the text cannot be one (relative links resolve against base). */
export function absoluteUrl(link: string | null | undefined, base: string): string | null {
  if (!link) return null;
  try {
    const url = new URL(link.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

/** The form of a link used only for comparing: same article, same string. */
export function canonicalUrl(absolute: string | null): string | null {
  if (!absolute) return null;
  try {
    const url = new URL(absolute);
    url.hash = '';
    for (const name of [...url.searchParams.keys()]) {
      if (TRACKING_PARAMS.test(name)) url.searchParams.delete(name);
    }
    url.searchParams.sort();
    // URL already lower-cases scheme and host and drops default ports.
    let text = url.toString();
    if (url.pathname !== '/' && text.endsWith('/') && !url.search) text = text.slice(0, -1);
    return text;
  } catch {
    return null;
  }
}
