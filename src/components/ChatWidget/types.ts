/** What the shell and the panel tell each other (types only: no code in the shell's bundle). */

/** What the toggle shows of the chat while the panel is closed. */
export interface ToggleState {
  /** An answer arrived while the panel was closed. */
  unread: boolean;
  /** An answer is streaming while the panel is closed. */
  busy: boolean;
}
