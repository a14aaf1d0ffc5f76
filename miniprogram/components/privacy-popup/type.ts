// Props of <privacy-popup>: the 用户隐私保护指引 sheet a page shows when WeChat needs the user's agreement.
export interface PrivacyPopupProps {
  /** What the page is about to do, when WeChat does not say (「选择收货地址」); default 「使用这项功能」. */
  purpose: string;
}

export const PRIVACY_POPUP_DEFAULTS: PrivacyPopupProps = { purpose: '使用这项功能' };

/** wx.onNeedPrivacyAuthorization's resolve: agreement after the agree button's tap, or refusal. */
export type PrivacyResolve = (result: { event: 'agree'; buttonId: string } | { event: 'disagree' }) => void;

/** The agree button's id: what resolve({ buttonId, event: 'agree' }) names. */
export const AGREE_BUTTON_ID = 'privacy-agree';

/** What the API WeChat paused (eventInfo.referrer) lets the user do, in words. */
export function purposeOf(referrer: string | undefined, fallback: string): string {
  const api = referrer ?? '';
  if (/chooseAddress/.test(api)) return '选择收货地址';
  if (/saveImageToPhotosAlbum|writePhotosAlbum/.test(api)) return '保存海报到相册';
  if (/chooseAvatar/.test(api)) return '设置头像';
  if (/nickname/i.test(api)) return '填写昵称';
  if (/setClipboardData/.test(api)) return '复制内容';
  return fallback;
}
