export declare function newLaunchCode(): string;
export declare function writeLaunchPage(
  dataDir: string,
  origin: string,
  code: string,
): { url: string; remove(): void };
