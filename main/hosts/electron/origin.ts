// Is a URL (or an origin) the app's own? Scheme and host are compared explicitly: Node's WHATWG URL, which main
// uses, gives "null" as the origin of every non-special scheme, so `new URL('hexin://app/…').origin` is "null" and
// can never equal 'hexin://app' (Chromium, which registered the scheme as standard, says 'hexin://app').
export function isAppUrl(url: string, appOrigin: string): boolean {
  let u: URL;
  let app: URL;
  try {
    u = new URL(url);
    app = new URL(appOrigin);
  } catch {
    return false;
  }
  // `host` carries the port for http(s) dev servers (localhost:5173) and is the plain name for hexin://app.
  return (
    u.protocol === app.protocol &&
    u.host !== '' &&
    u.host === app.host &&
    u.username === '' &&
    u.password === ''
  );
}
