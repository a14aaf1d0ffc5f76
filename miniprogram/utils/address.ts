// The shopper's delivery address: from wx.chooseAddress, kept on the phone for checkout, in words.
import type { Address } from '../services/api';
import { phoneText } from './format';

/** The address checkout uses, kept once chosen (on the 我的 page or at checkout). */
export const ADDRESS_KEY = 'checkout:address';

/** wx.chooseAddress's answer reduced to the contract's address (it also carries nationalCode, errMsg…). */
export function addressFromChoice(choice: Record<string, unknown>): Address {
  const text = (key: string) => (typeof choice[key] === 'string' ? (choice[key] as string).trim() : '');
  const address: Address = {
    userName: text('userName'),
    telNumber: text('telNumber'),
    provinceName: text('provinceName'),
    cityName: text('cityName'),
    countyName: text('countyName'),
    detailInfo: text('detailInfo'),
  };
  if (text('postalCode')) address.postalCode = text('postalCode');
  return address;
}

/** 「韩梅梅 138 0000 0000」: who receives the parcel. */
export const receiverText = (address: Address) => `${address.userName} ${phoneText(address.telNumber)}`;

export function addressText(address: Address | null): string {
  if (!address) return '';
  return `${address.provinceName}${address.cityName}${address.countyName}${address.detailInfo}`;
}

/** The saved address, when storage holds one. */
export function savedAddress(stored: unknown): Address | null {
  if (!stored || typeof stored !== 'object') return null;
  const address = stored as Partial<Address>;
  return address.userName && address.detailInfo ? (address as Address) : null;
}

/** True when the picker's failure is a refused permission (worth explaining), not the shopper backing out. */
export const addressDenied = (error: unknown) =>
  /auth deny|authorize/.test(String((error as { errMsg?: string })?.errMsg ?? ''));
