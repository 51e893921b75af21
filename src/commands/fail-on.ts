export const failOnKinds = ['added', 'removed', 'changed', 'priority-change', 'weights', 'any'] as const;
export type FailOn = (typeof failOnKinds)[number];
