/** The viewports stories are designed and tested at: the toolbar's list and the test-runner's sizes. */
export const viewportSizes = {
  phone320: { name: 'Phone 320', width: 320, height: 640, type: 'mobile' },
  tablet768: { name: 'Tablet 768', width: 768, height: 1024, type: 'tablet' },
  desktop1280: { name: 'Desktop 1280', width: 1280, height: 800, type: 'desktop' },
  wide2560: { name: 'Wide 2560', width: 2560, height: 1440, type: 'desktop' },
} as const;

export type ViewportName = keyof typeof viewportSizes;

/** In the shape Storybook's viewport toolbar expects. */
export const viewportOptions = Object.fromEntries(
  Object.entries(viewportSizes).map(([key, { name, width, height, type }]) => [
    key,
    { name, type, styles: { width: `${width}px`, height: `${height}px` } },
  ]),
);
