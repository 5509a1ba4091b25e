/** JSON text as a value, or null when it is not JSON (to be narrowed with a schema after). */
export function parseJsonOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
