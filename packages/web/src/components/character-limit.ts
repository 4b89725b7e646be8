import { characterCount } from '@zhengming/contracts';

/**
 * Ant Design's `count` for a text input of at most `max` characters, counted as the server counts them: in code
 * points (contracts/src/text.ts), so that an emoji or a rare character (𠀀) is one, not two as `maxLength` counts.
 * Typing past the limit is cut at a character boundary, never in the middle of a surrogate pair.
 */
export function characterLimit(max: number) {
  return {
    max,
    strategy: characterCount,
    exceedFormatter: (text: string, config: { max: number }) => Array.from(text).slice(0, config.max).join(''),
  };
}
