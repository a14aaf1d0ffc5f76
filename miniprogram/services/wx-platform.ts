// Binds the services' Platform to the real `wx` APIs (the only services file that touches `wx`).
import type { Platform } from './client';

export function wxPlatform(): Platform {
  return {
    callFunction: (name, data) =>
      new Promise((resolve, reject) => {
        wx.cloud.callFunction({ name, data, success: (res) => resolve(res.result), fail: reject });
      }),
    request: (options) =>
      new Promise((resolve, reject) => {
        wx.request({
          url: options.url,
          method: options.method,
          data: options.data as WechatMiniprogram.IAnyObject | ArrayBuffer,
          header: options.header,
          success: (res) => resolve({ statusCode: res.statusCode, data: res.data }),
          fail: reject,
        });
      }),
    requestPayment: (payment) =>
      new Promise((resolve, reject) => {
        wx.requestPayment({
          timeStamp: payment.timeStamp,
          nonceStr: payment.nonceStr,
          package: payment.package,
          signType: payment.signType as 'MD5' | 'HMAC-SHA256' | 'RSA',
          paySign: payment.paySign,
          success: () => resolve(),
          fail: reject,
        });
      }),
    requestMerchantTransfer: (params) =>
      new Promise((resolve, reject) => {
        // Base library 3.3.0+; older WeChat versions cannot confirm transfers at all.
        if (!wx.canIUse('requestMerchantTransfer')) {
          reject({ errMsg: 'requestMerchantTransfer:fail 请升级微信后再确认收款' });
          return;
        }
        wx.requestMerchantTransfer({ ...params, success: () => resolve(), fail: reject });
      }),
    openBusinessView: (options) =>
      new Promise((resolve, reject) => {
        // Not in the API typings; base library 2.x+ (发货信息管理 needs a WeChat of 2023 or later).
        const open = (wx as unknown as { openBusinessView?: (o: Record<string, unknown>) => void })
          .openBusinessView;
        if (!open) {
          reject({ errMsg: 'openBusinessView:fail 请升级微信后再确认收货' });
          return;
        }
        open({ ...options, success: resolve, fail: reject });
      }),
    // Called synchronously by the services (inside the page's tap handler), as WeChat requires.
    requestSubscribeMessage: (tmplIds) =>
      new Promise((resolve, reject) => {
        wx.requestSubscribeMessage({
          tmplIds,
          success: (res) => resolve(res as unknown as Record<string, string>),
          fail: reject,
        });
      }),
    uploadFile: (cloudPath, filePath) =>
      new Promise((resolve, reject) => {
        wx.cloud.uploadFile({ cloudPath, filePath, success: (res) => resolve(res.fileID), fail: reject });
      }),
    readFile: (filePath) =>
      new Promise((resolve, reject) => {
        wx.getFileSystemManager().readFile({
          filePath,
          success: (res) => resolve(res.data as ArrayBuffer),
          fail: reject,
        });
      }),
    getStorage: (key) => wx.getStorageSync(key),
    setStorage: (key, value) => wx.setStorageSync(key, value),
    removeStorage: (key) => wx.removeStorageSync(key),
  };
}
