// 用户隐私保护指引: how an API refused for want of the user's agreement is recognised, and how a page says so.

/** An API refused because the user did not agree to the privacy guide (errno 104). */
export function isPrivacyRefusal(error: unknown): boolean {
  const e = (error ?? {}) as { errMsg?: unknown; errno?: unknown };
  return e.errno === 104 || /privacy permission is not authorized/i.test(String(e.errMsg ?? ''));
}

/** What a page says when the user did not agree: what could not be done, and that everything else still works. */
export const privacyRefusedText = (what: string) => `未同意隐私保护指引，暂时无法${what}`;
