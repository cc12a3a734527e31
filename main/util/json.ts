// JSON that may be broken, for readers that check what they read with a schema anyway: text that is not JSON
// becomes undefined, which the schema then refuses with the reader's own error.

/** `text` parsed as JSON, or undefined when it is not JSON. */
export function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
