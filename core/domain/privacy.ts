// What one user may see of another: a distributor sees who bought through them, but not their full name.

/** "王小明" → "王**", "Tom" → "T**", "" → "**": the first character, then two stars whatever the length. */
export function maskNickname(nickname: string): string {
  const [first = ''] = Array.from(nickname.trim());
  return `${first}**`;
}
