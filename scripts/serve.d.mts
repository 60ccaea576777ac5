export function startStaticServer(
  root: string,
  port: number,
): Promise<{ url: string; close(): Promise<void> }>;
