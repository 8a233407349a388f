// Types of build-app.mjs (plain JavaScript: `npm start` runs it before any TypeScript loader).
export declare const APP_SRC_DIR: string;
export declare const APP_BUILD_DIR: string;
export declare function ensureBuilt(srcDir?: string, buildDir?: string): Promise<{ dir: string; built: boolean }>;
