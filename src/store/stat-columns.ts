// The count columns shared by village_stat, village_year_stat and year_snapshot, in table order.
export const statCountColumns = [
  'households',
  'people',
  'poor_households',
  'poor_people',
  'exited_households',
  'exited_people',
  'relapsed_households',
  'relapsed_people',
  'removed_households',
  'removed_people',
] as const;
