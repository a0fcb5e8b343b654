import { describe, expect, it } from 'vitest';
import { andThen } from '../../src/soon.js';

describe('andThen', () => {
  it('applies the next step at once to a value that is here', () => {
    const doubled = andThen(21, (n) => n * 2);
    expect(doubled).toBe(42);
  });

  it('applies it when a promised value comes', async () => {
    const doubled = andThen(Promise.resolve(21), (n) => n * 2);
    expect(doubled).toBeInstanceOf(Promise);
    expect(await doubled).toBe(42);
  });

  it('throws a refusal of the next step at once for a value that is here, and rejects with it for a promised one', async () => {
    const refuse = (): never => {
      throw new RangeError('refused');
    };
    expect(() => andThen(1, refuse)).toThrow(RangeError);
    await expect(andThen(Promise.resolve(1), refuse)).rejects.toBeInstanceOf(RangeError);
  });
});
