// Display names and colours of outlet sides. The core knows six by name (store::SIDES), coloured
// in app.css; a researcher of another conflict names sides of their own ("armenian",
// "kurdish_sdf"), which get a name made from theirs and a colour of their own, the same on every
// run. Chips always show the name, never colour alone.
export const SIDE_LABELS: Record<string, string> = {
  russian: 'Russian',
  turkish: 'Turkish',
  syrian_government: 'Syrian gov.',
  syrian_opposition: 'Syrian opp.',
  ukrainian: 'Ukrainian',
  other: 'Other',
};

/** The form of a side name (store::check_side), for inputs' `pattern`, and what to tell the user. */
export const SIDE_PATTERN = '[a-z][a-z0-9_]{0,31}';
export const SIDE_HINT = 'one of the listed sides, or one of your own in lowercase letters, digits and _ (e.g. armenian)';

export const knownSide = (side: string): boolean => Object.hasOwn(SIDE_LABELS, side);

/** "kurdish_sdf" → "Kurdish sdf". */
export const sideLabel = (side: string): string =>
  SIDE_LABELS[side] ?? (side.charAt(0).toUpperCase() + side.slice(1)).replaceAll('_', ' ');

/** A hue (0–359) for a side of the researcher's own, from its name (FNV-1a). */
export function sideHue(side: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < side.length; i++) {
    h ^= side.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % 360;
}

/** Chip colours of a side of the researcher's own (text on background at least 4.5:1 in both schemes). */
export function ownSideColours(side: string, dark: boolean): { bg: string; fg: string } {
  const h = sideHue(side);
  return dark ? { bg: `hsl(${h} 45% 20%)`, fg: `hsl(${h} 80% 88%)` } : { bg: `hsl(${h} 60% 91%)`, fg: `hsl(${h} 65% 20%)` };
}
