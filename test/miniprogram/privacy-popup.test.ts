/** @jest-environment jsdom */
// <privacy-popup>: the one answer to wx.onNeedPrivacyAuthorization. It shows only when WeChat pauses an API, says
// what for, opens the guide, lets the paused API go on only through the agree button's own event, and a refusal
// fails it; a page closed with the popup open refuses rather than leaving the API paused.
import { buildMiniprogram } from './support/build';
import { privacyWx } from './support/privacy';
import { mount, textOf, waitFor } from './support/simulate';
import { stubWx } from './support/wx';

const built = buildMiniprogram();

function setUp() {
  const privacy = privacyWx({
    saveImageToPhotosAlbum: () => ({ errMsg: 'saveImageToPhotosAlbum:ok' }),
  });
  stubWx({ ...privacy.apis, showToast: () => undefined });
  const popup = mount(built, 'components/privacy-popup/privacy-popup', { purpose: '使用这项功能' });
  const wx = (globalThis as unknown as { wx: Record<string, (o?: object) => Promise<unknown>> }).wx;
  return { privacy, popup, wx };
}

test('hidden until an API needs the agreement; agreeing through the button lets it go on', async () => {
  const { privacy, popup, wx } = setUp();
  expect(textOf(popup)).toBe('');
  const saving = wx.saveImageToPhotosAlbum!({ filePath: 'wxfile://poster.png' });
  await waitFor(() => expect(textOf(popup)).toContain('保存海报到相册需要你先阅读并同意'));
  expect(textOf(popup)).toContain('《云栖好物小程序隐私保护指引》');
  popup.querySelector('#privacy-contract')!.dispatchEvent('tap');
  await waitFor(() => expect(privacy.contractsOpened).toBe(1));
  privacy.tapAgree(popup);
  await expect(saving).resolves.toEqual({ errMsg: 'saveImageToPhotosAlbum:ok' });
  expect(textOf(popup)).toBe('');
});

test('refusing fails the paused API with the platform’s error, and the popup closes', async () => {
  const { privacy, popup, wx } = setUp();
  const asking = wx.requirePrivacyAuthorize!();
  await waitFor(() => expect(textOf(popup)).toContain('使用这项功能需要你先阅读并同意'));
  popup.querySelector('#privacy-disagree')!.dispatchEvent('tap');
  await expect(asking).rejects.toMatchObject({
    errMsg: 'requirePrivacyAuthorize:fail privacy permission is not authorized',
    errno: 104,
  });
  expect(textOf(popup)).toBe('');
  expect(privacy.agreed).toBe(false);
});

test('a popup taken away while open refuses, so no API stays paused', async () => {
  const { privacy, popup, wx } = setUp();
  const asking = wx.requirePrivacyAuthorize!();
  await waitFor(() => expect(privacy.waiting).toBe(1));
  popup.detach();
  await expect(asking).rejects.toMatchObject({ errno: 104 });
  expect(privacy.waiting).toBe(0);
});
