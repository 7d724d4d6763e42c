import { describe, expect, it } from 'vitest';
import { METHOD_NAMES, isMethod, parseRequest } from './methods.js';

describe('protocol methods', () => {
  it('are verbs in camelCase, and only table entries count as methods', () => {
    for (const name of METHOD_NAMES) expect(name).toMatch(/^[a-z][A-Za-z]+$/);
    expect(isMethod('join')).toBe(true);
    expect(isMethod('toString')).toBe(false);
    expect(isMethod('__proto__')).toBe(false);
  });

  it('validates join and trims display names', () => {
    expect(parseRequest('join', { protocolVersion: 1, roomId: 'team-42', displayName: '  Ada ' })).toEqual({
      protocolVersion: 1,
      roomId: 'team-42',
      displayName: 'Ada',
    });
    expect(() => parseRequest('join', { protocolVersion: 1, roomId: '../etc', displayName: 'x' })).toThrow();
    expect(() => parseRequest('join', { protocolVersion: 1, roomId: 'r', displayName: 'a\u0000b' })).toThrow();
    expect(() => parseRequest('join', { protocolVersion: 1, roomId: 'r', displayName: 'x'.repeat(65) })).toThrow();
  });

  it('accepts layer preferences only within mediasoup limits', () => {
    expect(parseRequest('setConsumerPreferredLayers', { consumerId: 'c', spatialLayer: 0 })).toEqual({
      consumerId: 'c',
      spatialLayer: 0,
    });
    expect(() => parseRequest('setConsumerPreferredLayers', { consumerId: 'c', spatialLayer: -1 })).toThrow();
  });
});
