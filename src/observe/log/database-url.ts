/** What may be said of a database URL: kept apart from the driver, so describing a URL never loads it. */

/** The URL as operators may see it: no password, no query (which may hold one too). */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    const user = u.username ? `${decodeURIComponent(u.username)}@` : '';
    return `${u.protocol}//${user}${u.host}${u.pathname}`;
  } catch {
    return 'postgres (unparsable DATABASE_URL)';
  }
}

/** The password in a database URL (raw and decoded), for scrubbing error messages. */
export function urlSecrets(url: string): string[] {
  try {
    const u = new URL(url);
    const out = new Set<string>();
    if (u.password) {
      out.add(u.password);
      out.add(decodeURIComponent(u.password));
    }
    for (const [name, value] of u.searchParams) if (/pass|secret|key/i.test(name) && value) out.add(value);
    return [...out];
  } catch {
    return [];
  }
}
