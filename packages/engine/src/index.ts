/** @zhengming/engine: pure screening engine (no I/O, no Node APIs). */
export * from './types.js';
export * from './api-stubs.js';
