/** The few styles the console report uses; all of them no-ops when colour is off. */
export interface Palette {
  fail(text: string): string;
  pass(text: string): string;
  warn(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const style = (open: number, close: number) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;

export const colours: Palette = {
  fail: style(31, 39),
  pass: style(32, 39),
  warn: style(33, 39),
  dim: style(2, 22),
  bold: style(1, 22),
};

const same = (text: string) => text;
export const noColours: Palette = { fail: same, pass: same, warn: same, dim: same, bold: same };

/**
 * Colour on a terminal, never in a pipe or a file: `NO_COLOR` (any non-empty value) turns it off, `FORCE_COLOR`
 * (but "0" or "false") on, as https://no-color.org and the Node ecosystem read them.
 */
export function wantsColour(isTTY: boolean | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force !== "false";
  return isTTY === true;
}
