// payNotify: WeChat Pay's payment and refund callbacks; answers errcode 0 only once the result is durable.
import { defineCallback } from '../../../core/handler';
import { handlePayNotification } from '../../../core/usecases/order/notify';

export const main = defineCallback(handlePayNotification);
