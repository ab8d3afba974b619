/** `code` with every character above U+007F written as a `\uXXXX` escape. */
export function oneByte(code: string): string;
