import { themes, type PrismTheme } from 'prism-react-renderer';

/** Returns `theme` with some token colours swapped, everything else unchanged. */
function recolour(theme: PrismTheme, colours: Record<string, string>): PrismTheme {
  return {
    ...theme,
    styles: theme.styles.map((rule) => {
      const replacement = rule.style.color ? colours[rule.style.color] : undefined;
      return replacement ? { ...rule, style: { ...rule.style, color: replacement } } : rule;
    }),
  };
}

// GitHub's and Dracula's palettes with each token colour that fell below 4.5:1 on its code
// background moved just far enough in lightness to pass WCAG AA; hues are unchanged.
export const lightCodeTheme = recolour(themes.github, {
  '#999988': '#707060',
  '#e3116c': '#da1067',
  '#36acaa': '#267a78',
  '#00a4db': '#00769e',
  '#d73a49': '#d42d3d',
});

export const darkCodeTheme = recolour(themes.dracula, {
  'rgb(98, 114, 164)': '#8692b9',
});
