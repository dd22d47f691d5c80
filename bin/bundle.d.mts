export declare const root: string;
export declare const bundleDir: string;
export declare const manifestFile: string;
/** The bundle's absolute path when it is up to date, else null. */
export declare function freshBundle(name: 'cli' | 'server', projectRoot?: string): string | null;
