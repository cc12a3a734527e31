export declare const repoRoot: string;
export declare function findElectron(): { bin: string | null; why: string };
export declare function findChromium(): string | null;
export declare function hasDisplay(): boolean;
export declare function ensureBuilt(): void;
export declare const CHROMIUM_QUIET_FLAGS: string[];
export declare const KIOSK_AUTOPLAY_FLAG: string;
