// Small text helpers every page shares: the order number as a person reads it out, a person's initial for an
// avatar without a picture, the masked mobile of a payee, and a fresh name for a file put in cloud storage.

/**
 * An 18-digit order number in groups of four, as it is read out on the phone: '202611283904117562' →
 * '2026 1128 3904 1175 62'. Anything else (orders made before numbers existed carry their id) stays as it is.
 */
export function formatOrderNo(orderNo: string | null | undefined): string {
  const text = (orderNo ?? '').trim();
  if (!/^\d{18}$/.test(text)) return text;
  return text.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** The letter an avatar shows without a picture: the nickname's first character (「微信用户」 → 「微」). */
export function initialOf(nickname: string | null | undefined): string {
  const first = Array.from((nickname ?? '').trim())[0];
  return first ? first.toUpperCase() : '?';
}

/** A mainland mobile in the groups people read it in: 13800000000 → '138 0000 0000' (anything else as it is). */
export function phoneText(tel: string | null | undefined): string {
  const text = (tel ?? '').trim();
  return /^1\d{10}$/.test(text) ? `${text.slice(0, 3)} ${text.slice(3, 7)} ${text.slice(7)}` : text;
}

/**
 * 'folder/<time>-<noise>.<ext>': a fresh name in cloud storage per upload (a temp file's own name means
 * nothing); the picture's or video's own extension, else `fallbackExt`.
 */
export function storagePath(
  folder: string,
  tempFilePath: string,
  nowMs: number,
  fallbackExt: string,
  random: () => number = Math.random,
): string {
  const ext = /\.(png|jpe?g|webp|gif|mp4|mov|m4v)$/i.exec(tempFilePath)?.[1]?.toLowerCase() ?? fallbackExt;
  const noise = Array.from({ length: 6 }, () => Math.floor(random() * 36).toString(36)).join('');
  return `${folder}/${nowMs.toString(36)}-${noise}.${ext}`;
}
