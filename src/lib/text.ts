/**
 * Control characters (U+0000 to U+001F: NUL, tab, newline…) have no place in a short code (a supplier's
 * lot number, a GS1 field) nor in a one-line reason. One check, for the server and the tablet alike.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
const CONTROL = /[\u0000-\u001f]/;

export const hasControlCharacter = (s: string): boolean => CONTROL.test(s);
