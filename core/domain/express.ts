// The express companies a merchant ships with, by the codes of WeChat's express-company list
// (get_delivery_list: what 发货信息管理's uploadShippingInfo takes as express_company). That list cannot be
// read from a cloud function (不支持云调用), so the common ones are kept here; add a company by its code.

export interface ExpressCompany {
  code: string;
  name: string;
}

export const EXPRESS_COMPANIES: readonly ExpressCompany[] = [
  { code: 'SF', name: '顺丰速运' },
  { code: 'ZTO', name: '中通快递' },
  { code: 'YTO', name: '圆通速递' },
  { code: 'YD', name: '韵达快递' },
  { code: 'STO', name: '申通快递' },
  { code: 'JTSD', name: '极兔速递' },
  { code: 'JD', name: '京东物流' },
  { code: 'EMS', name: 'EMS' },
  { code: 'YZPY', name: '邮政快递包裹' },
  { code: 'DBL', name: '德邦快递' },
  { code: 'HTKY', name: '百世快递' },
  { code: 'ZJS', name: '宅急送' },
];

/** 物流助手 names a few companies by other ids than the shipping list's (韵达: YUNDA, not YD). */
const LOGISTICS_IDS: Record<string, string> = { YD: 'YUNDA' };
export const logisticsDeliveryId = (code: string) => LOGISTICS_IDS[code] ?? code;

export const EXPRESS_CODES = EXPRESS_COMPANIES.map((c) => c.code) as [string, ...string[]];

export function expressName(code: string): string {
  return EXPRESS_COMPANIES.find((c) => c.code === code)?.name ?? code;
}

/** 顺丰 asks for the receiver's phone, masked but for its last four digits: 138****0000. */
export function maskedPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return digits;
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}
