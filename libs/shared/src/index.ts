export * from './protocol/index.js';
export * from './api/health.js';
