export const CHROMIUM_ARGS: string[];
export function chromiumPath(): string | undefined;
export function ensureChromium(options?: { log?: (message: string) => void }): string;
