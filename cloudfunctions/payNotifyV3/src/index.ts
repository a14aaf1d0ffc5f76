// payNotifyV3: WeChat Pay API v3 notifications (payment, refund, merchant transfer) through HTTP access.
import { defineHttpCallback } from '../../../core/usecases/payout/http-callback';
import { handleV3Notification } from '../../../core/usecases/payout/notify-v3';

export const main = defineHttpCallback(handleV3Notification);
