// The browser's time zone, remembered for a year in a cookie so that the server renders the next page, prerender
// included, in the reader's local time. Loaded as a module through Blazor's JS interop (the CSP allows no inline script).
export function rememberTimeZone() {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone) return null;
  const secure = location.protocol === "https:" ? "; secure" : "";
  document.cookie = `econeura-tz=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax${secure}`;
  return zone;
}
