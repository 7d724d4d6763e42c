import { describe, expect, it } from 'vitest';
import { linkify } from './linkify.js';

describe('linkify', () => {
  it('splits text and http(s) links, leaving sentence punctuation outside', () => {
    expect(linkify('see https://example.com/a?b=1, then www.huddle.dev.')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { kind: 'text', text: ', then ' },
      { kind: 'link', text: 'www.huddle.dev', href: 'https://www.huddle.dev/' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('never links other schemes and keeps markup as plain text', () => {
    expect(linkify('<img src=x onerror=alert(1)> javascript:alert(1)')).toEqual([
      { kind: 'text', text: '<img src=x onerror=alert(1)> javascript:alert(1)' },
    ]);
    expect(linkify('https://a.example/<script>')).toEqual([
      { kind: 'link', text: 'https://a.example/', href: 'https://a.example/' },
      { kind: 'text', text: '<script>' },
    ]);
  });
});
