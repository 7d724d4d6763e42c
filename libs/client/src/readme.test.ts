import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';

test("the README's example is the example file the suite runs", () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('../examples/session.test.ts', import.meta.url), 'utf8');
  const block = /## Example[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBe(example);
});
