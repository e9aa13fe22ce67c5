// Telling a pasted hash's type from its shape. Only the hexadecimal length is a sure sign, and two
// types share one length (PDQ and SHA-256 are both 64 hex digits), so that case asks the user.

const BY_LENGTH = new Map([
  [16, ['phash', 'dhash']],
  [32, ['md5']],
  [40, ['sha1']],
  [64, ['pdq', 'sha256']],
]);

export const HASH_TYPES = ['pdq', 'phash', 'dhash', 'md5', 'sha1', 'sha256'];
export const PERCEPTUAL = new Set(['pdq', 'phash', 'dhash']);
export const BITS = { pdq: 256, phash: 64, dhash: 64 };
// The server's default radius per type (HashType.defaultMaxDistance), shown as the field's placeholder.
export const DEFAULT_DISTANCE = { pdq: 31, phash: 8, dhash: 8 };

/**
 * {type, candidates, problem}: type is set when the shape names exactly one type; candidates lists
 * the possible types otherwise; problem says why the text is no hash at all.
 */
export function detectHash(text) {
  const hex = text.trim().toLowerCase().replace(/^0x/, '');
  if (hex === '') return { type: null, candidates: [], problem: 'Paste a hash.' };
  if (!/^[0-9a-f]+$/.test(hex)) {
    return { type: null, candidates: [], problem: 'A hash is hexadecimal (0-9, a-f) only.' };
  }
  const candidates = BY_LENGTH.get(hex.length) || [];
  if (candidates.length === 0) {
    return {
      type: null, candidates,
      problem: `${hex.length} hex digits is no supported hash length (16: pHash/dHash, 32: MD5, 40: SHA-1, 64: PDQ or SHA-256).`,
    };
  }
  return { type: candidates.length === 1 ? candidates[0] : null, candidates, problem: null };
}
