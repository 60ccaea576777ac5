import {
  ArgTypes,
  Description,
  Heading,
  Primary,
  Stories,
  Title,
  useOf,
} from '@storybook/addon-docs/blocks';

/**
 * Every part's docs page (`tags: ['autodocs']`): the component's own JSDoc, its first story, all
 * of its props with types, defaults and descriptions, then every story. The table is read from the
 * component, so props left out of the Controls panel (objects, functions, elements) still appear.
 */
export function PartDocs() {
  const { preparedMeta } = useOf('meta', ['meta']);
  return (
    <>
      <Title />
      <Description />
      <Primary />
      <Heading>Props</Heading>
      {preparedMeta.component ? <ArgTypes of={preparedMeta.component} /> : <ArgTypes />}
      <Stories />
    </>
  );
}
