// The browser's time zone, remembered for a year in a cookie so that the server renders every page, prerender
// included, in the reader's local time. Every page loads this module (the CSP allows no inline script), static sign-in
// pages too, so the cookie is there before the first interactive page is asked for; the circuit asks it once more.
export function rememberTimeZone() {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone) return null;
  const secure = location.protocol === "https:" ? "; secure" : "";
  const cookie = `econeura-tz=${encodeURIComponent(zone)}`;
  document.cookie = `${cookie}; path=/; max-age=31536000; samesite=lax${secure}`;
  return { zone, remembered: document.cookie.split("; ").includes(cookie) };
}

rememberTimeZone();
