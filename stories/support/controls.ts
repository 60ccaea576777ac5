/**
 * `parameters.controls` for a part: the Controls panel leaves out the props a designer cannot
 * meaningfully edit (objects, functions, elements, ids), so it offers only text, switches and
 * choices. Its docs page still lists every prop (.storybook/PartDocs.tsx reads the component).
 */
export function editableOnly(hidden: readonly string[]) {
  return { exclude: ['ref', ...hidden] };
}
