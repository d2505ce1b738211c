/** Types of bin/runtime.js (plain JavaScript: it runs before anything is compiled). */
export declare const STAMP: string;
export declare function sourceHash(root: string): string;
export declare function chooseRuntime(root: string, forced: string | undefined): 'dist' | 'src';
