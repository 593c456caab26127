/**
 * The text the rules' fast paths scan: the file's text with its comments blanked out, when they
 * are a large part of it. A fast path asks whether the code could hold a candidate at all, and a
 * comment holds no code: `setTimeout(` in a JSDoc example or `.on(` in a commented-out line opened
 * the file to a rule's whole analysis for nothing (comments are a quarter of the dev corpus's apps
 * characters and over a third of its libs'). Each comment becomes one space, so the tokens on its
 * two sides stay apart and every offset outside comments keeps its neighbours.
 *
 * Blanking costs a copy of the text, which pays for itself only when the patterns then scan
 * markedly less: below one eighth of the text in comments, the text is scanned as it is (a
 * fast path is a necessary condition; a comment that opens a file only costs time).
 */
export interface CommentedSource {
  readonly text: string;
  getAllComments(): readonly { range: readonly [number, number] }[];
}

// Every rule of a file asks in turn, before the traversal: one file's answer is kept, until the next file.
let last: { text: string; code: string } | null = null;

export function codeText(sourceCode: CommentedSource): string {
  const { text } = sourceCode;
  if (last?.text === text) return last.code;
  const code = withoutComments(text, sourceCode.getAllComments());
  last = { text, code };
  return code;
}

function withoutComments(text: string, comments: readonly { range: readonly [number, number] }[]): string {
  if (comments.length === 0) return text;
  let covered = 0;
  for (const c of comments) covered += c.range[1] - c.range[0];
  if (covered * 8 < text.length) return text;
  const parts: string[] = [];
  let at = 0;
  for (const c of comments) {
    parts.push(text.slice(at, c.range[0]));
    at = c.range[1];
  }
  parts.push(text.slice(at));
  return parts.join(' ');
}
