/** What the shell and the panel tell each other (types only: no code in the shell's bundle). */

/** A request from outside the panel, handled once (by `seq`) now or when the surface is ready. */
export interface PanelIntent {
  /** Increases with every request. */
  seq: number;
  /** Text for the composer ("Ask about this"); without it, only focus the composer (Ctrl/Cmd+I). */
  compose?: string;
}

/** What the toggle shows of the chat while the panel is closed. */
export interface ToggleState {
  /** An answer arrived while the panel was closed. */
  unread: boolean;
  /** An answer is streaming while the panel is closed. */
  busy: boolean;
}
