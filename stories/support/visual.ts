/** The pictures `scripts/visual.mjs` takes of one story, beyond the story's own light and dark. */
export type VisualVariant = 'light' | 'dark' | 'phone320' | 'urdu';

/**
 * `parameters.visual` (README, "Visual review"). Every story is photographed in light and dark at
 * its own viewport (a story that fixes its theme, in that theme only); `also` adds a 320 px phone
 * and Urdu (right to left), both light.
 */
export interface VisualParameters {
  also?: ('phone320' | 'urdu')[];
  /** Why the story has no pictures; it is then left out, and the report says why. */
  skip?: string;
  /**
   * Pictures for the front page (`stories/Introduction.mdx`): variant → file name under
   * `docs/storybook/`, written with `npm run test:visual -- --update`.
   */
  frontPage?: Partial<Record<VisualVariant, string>>;
}

export const visual = (parameters: VisualParameters) => ({ visual: parameters });
