// The part of a stage's output that says what failed: each runner's "N failing" section (mocha's and Hardhat's
// Solidity runner print one), cut where the coverage table starts. `npm test` prints it again at the end, so the
// tail of a CI log names the failing tests even when the stage's own output scrolled far above.
import { stripVTControlCharacters } from "node:util";

/** Lines kept per section: enough for a test's title, its error and the top of its stack. */
export const MAX_LINES_PER_SECTION = 40;

const SECTION_START = /^\s*\d+ failing\b/;
const SECTION_END = /^\s*[╔┌]|^\s*\d+ passing\b|^\s*=+ Coverage/;

export function failingSections(output: string): string[] {
  const lines = stripVTControlCharacters(output).split("\n");
  const sections: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!SECTION_START.test(lines[i])) continue;
    let end = i + 1;
    while (end < lines.length && !SECTION_END.test(lines[end]) && !SECTION_START.test(lines[end])) end++;
    const body = lines.slice(i, end);
    while (body.length > 0 && body.at(-1)!.trim() === "") body.pop();
    const cut = body.length > MAX_LINES_PER_SECTION;
    sections.push(
      [
        ...body.slice(0, MAX_LINES_PER_SECTION),
        ...(cut ? [`  … ${body.length - MAX_LINES_PER_SECTION} more lines`] : []),
      ].join("\n")
    );
    i = end - 1;
  }
  return sections;
}
