import { describe, expect, it } from 'vitest';
import { displayWidth, padEndDisplay } from '../src/width.js';

describe('displayWidth', () => {
  it.each([
    ['', 0],
    ['Ann Lee', 7],
    ['李小龙', 6], // CJK ideographs: East Asian Wide
    ['김민준', 6], // Hangul syllables
    ['やまだ', 6], // Hiragana
    ['ＡＢ', 4], // fullwidth Latin
    ['José', 4], // precomposed é
    ['Jose\u0301', 4], // e + combining acute: one column
    ['Zoë 😀', 6], // an emoji takes two
    ['👩‍💻', 2], // a ZWJ sequence is one emoji
    ['🇫🇷', 2], // a flag
    ['❤️', 2], // text-style symbol with VS16: emoji presentation
    ['a\u200bb', 2], // zero-width space
  ])('%j is %i columns', (text, width) => {
    expect(displayWidth(text)).toBe(width);
  });
});

describe('padEndDisplay', () => {
  it('pads by display columns', () => {
    expect(padEndDisplay('李', 4)).toBe('李  ');
    expect(padEndDisplay('abc', 2)).toBe('abc');
  });
});
