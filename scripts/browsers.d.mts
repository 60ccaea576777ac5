export type EngineName = 'firefox' | 'webkit' | 'chromium';
export const ENGINES: EngineName[];
export function selectedEngines(value?: string): EngineName[];
export function installCommand(engines: EngineName[]): string;
export interface BrowserPaths {
  firefox: string | undefined;
  webkitDriver: string | undefined;
  miniBrowser: string | undefined;
  xvfb: string | undefined;
}
export function browserPaths(engines?: EngineName[]): BrowserPaths;
export function ensureBrowsers(
  engines?: EngineName[],
  options?: { log?: (message: string) => void },
): BrowserPaths;
