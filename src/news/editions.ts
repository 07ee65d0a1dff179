/**
 * The outlet's article number, for telling two language editions of one story apart from two
 * stories (issue #17). Outlets that run a feed per language often give a story's editions the
 * same number: caliber.az/en/post/123456 and caliber.az/ru/post/123456, or guids "123456".
 * The key is the site (without www. or a language subdomain such as en.) and the last number
 * of four digits or more in the guid, else in the link; null when there is none.
 */
export function editionKey(guid: string | null, url: string | null): string | null {
  const site = siteOf(url) ?? siteOf(guid);
  if (!site) return null;
  const number = lastNumber(pathOf(guid) ?? guid) ?? lastNumber(pathOf(url));
  return number ? `${site}#${number}` : null;
}

function siteOf(address: string | null): string | null {
  if (!address) return null;
  try {
    const { protocol, hostname } = new URL(address);
    if (protocol !== 'http:' && protocol !== 'https:') return null;
    return hostname.toLowerCase().replace(/^www\./, '').replace(/^[a-z]{2}\.(?=[^.]+\.[^.]+)/, '');
  } catch {
    return null;
  }
}

/** The path and query of a web address (the host's digits are not the article's); null for anything else. */
function pathOf(address: string | null): string | null {
  if (!address) return null;
  try {
    const parsed = new URL(address);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? `${parsed.pathname}${parsed.search}` : null;
  } catch {
    return null;
  }
}

function lastNumber(text: string | null): string | null {
  const numbers = text?.match(/\d{4,}/g);
  return numbers ? numbers[numbers.length - 1]!.replace(/^0+/, '') : null;
}
