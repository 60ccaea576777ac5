export interface StaticServerOptions {
  /**
   * Response headers added to every file, read on each request (so they may change while it runs).
   * @default {}
   */
  headers?: Record<string, string>;
}

export function startStaticServer(
  root: string,
  port: number,
  options?: StaticServerOptions,
): Promise<{ url: string; close(): Promise<void> }>;
