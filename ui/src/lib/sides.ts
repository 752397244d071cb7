// Display names for the sides the core knows (store::SIDES). Chips always show the name, never colour alone.
export const SIDE_LABELS: Record<string, string> = {
  russian: 'Russian',
  turkish: 'Turkish',
  syrian_government: 'Syrian gov.',
  syrian_opposition: 'Syrian opp.',
  ukrainian: 'Ukrainian',
  other: 'Other',
};

export const sideLabel = (side: string): string => SIDE_LABELS[side] ?? side;
