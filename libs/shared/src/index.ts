export * from './protocol/index.js';
export * from './api/health.js';
export * from './api/rooms.js';
export * from './api/live.js';
export * from './api/auth.js';
export * from './api/webhooks.js';
export * from './api/server.js';
export * from './cluster/messages.js';
