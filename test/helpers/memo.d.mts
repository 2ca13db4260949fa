import type { Memo } from '../../src/io.js';

export declare const memo: Memo;
