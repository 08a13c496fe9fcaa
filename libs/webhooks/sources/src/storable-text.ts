/**
 * Characters that Postgres or a downstream cannot store or show: NUL (Postgres
 * text and jsonb refuse it), the other C0 controls but tab, line feed and
 * carriage return, DEL and the C1 controls (terminals and log viewers act on
 * them), and UTF-16 surrogates that are not part of a pair (they have no UTF-8
 * form, so jsonb refuses their escapes and re-encoding changes them).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's whole job
const unstorable = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** What stands in for a character that was replaced: U+FFFD, Unicode's own "replacement character". */
export const replacementCharacter = '\ufffd';

/** The text with every unstorable character replaced by U+FFFD; the same string when there was none. */
export function storableText(value: string): string {
  return value.replace(unstorable, replacementCharacter);
}
