import { z } from "zod";

// Postgres text refuses NUL ("invalid byte sequence"), and a UTF-16 surrogate without its pair has no
// UTF-8 form: a text column silently stores U+FFFD instead, a jsonb value refuses it.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const UNSTORABLE_TEXT_MESSAGE = "contains a character that cannot be stored (a NUL \\u0000 or an unpaired UTF-16 surrogate); remove it";

export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

/** A string the database can store as sent: use it for every string that arrives from outside. */
export const StorableText = z.string().refine(isStorableText, UNSTORABLE_TEXT_MESSAGE);
