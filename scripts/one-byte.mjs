// Rewrites every character above U+007F in a bundle as a `\uXXXX` escape. A source with even one
// such character is held by V8 two bytes wide and decoded the slow way at every start; the
// action's bundle loads measurably faster as ASCII (docs/benchmarks.md, "One-byte bundles").
//
// The escape means the same character in a string, an untagged template, a regular expression
// and an identifier, and is inert in a comment. A character that was itself escaped (`\é`, an
// identity escape) keeps its meaning: the backslash before it is dropped, not doubled.
import ts from 'typescript';

const NON_ASCII = /[\u0080-\uffff]/;

export function oneByte(code) {
  // Outside a string these end a line, so their escape would not mean the same thing everywhere.
  const separator = code.search(/[\u2028\u2029]/);
  if (separator >= 0) refuse(code, separator, `U+${code.charCodeAt(separator).toString(16)}`);
  if (!NON_ASCII.test(code)) return code;
  // A tag sees the template's text as written, where an escape is not the character.
  const tagged = taggedNonAscii(code);
  if (tagged >= 0) refuse(code, tagged, 'a character above U+007F in a tagged template');
  return code.replace(/(\\*)([\u0080-\uffff])/g, (_, slashes, char) => {
    const kept = slashes.length % 2 === 1 ? slashes.slice(1) : slashes;
    return `${kept}\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** The offset of the first tagged template that holds a character above U+007F, or -1. */
function taggedNonAscii(code) {
  const file = ts.createSourceFile('bundle.js', code, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  let found = -1;
  const visit = (node) => {
    if (found >= 0) return;
    if (ts.isTaggedTemplateExpression(node)) {
      const text = code.slice(node.template.getStart(file), node.template.end);
      const at = text.search(NON_ASCII);
      if (at >= 0) found = node.template.getStart(file) + at;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function refuse(code, offset, what) {
  const line = code.slice(0, offset).split('\n').length;
  throw new Error(`${what} at line ${line} (offset ${offset}) cannot be escaped safely`);
}
