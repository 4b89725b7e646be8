export * from './roles.js';
export * from './errors.js';
export * from './limits.js';
export * from './api.js';
export * from './audit.js';
