export * from './version.js';
export * from './errors.js';
export * from './mediasoup.js';
export * from './entities.js';
export * from './recording.js';
export * from './envelope.js';
export * from './methods.js';
export * from './notifications.js';
