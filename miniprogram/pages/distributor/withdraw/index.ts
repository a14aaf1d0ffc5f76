// Withdraw: the minimum and the fee shown before confirming; the request carries a client request id. Asking to
// withdraw also asks to be told of the result (and of a 商家转账 to confirm).
import { messageOf } from '../../../services/errors';
import * as join from '../../../services/join';
import * as wallet from '../../../services/wallet';
import { formatFen, formatRate, parseYuan, yuanDigits } from '../../../utils/money';
import { listPage, mapPage } from '../../../utils/paged';
import { SUBSCRIBE_MOMENTS } from '../../../utils/subscribe';
import type { SubscribeTemplates } from '../../../services/api';
import { quoteWithdrawal, WithdrawQuote, withdrawalView } from '../logic';

type WithdrawalRow = ReturnType<typeof withdrawalView>[number];

const paging = listPage<WithdrawalRow>();

Component({
  data: {
    status: 'loading' as 'loading' | 'ready' | 'error',
    error: '',
    available: 0,
    availableText: formatFen(0),
    rule: { minAmount: 0, feeBp: 0 },
    ruleText: '',
    /** The merchant's 订阅消息 templates (join.me). */
    subscribe: {} as SubscribeTemplates,
    amountText: '',
    quote: null as WithdrawQuote | null,
    submitting: false,
    /** The withdrawal whose transfer is being confirmed, so a second tap does nothing. */
    confirming: '',
    ...paging.data,
  },
  methods: {
    ...paging.methods,
    retry: paging.methods.retry,
    async fetchPage(cursor: string | null) {
      return mapPage(await wallet.withdrawals(cursor), withdrawalView);
    },
    /** The balances and the rule, then the history from the start. */
    async reload() {
      this.setData({ status: this.data.status === 'ready' ? 'ready' : 'loading', error: '' });
      try {
        // One call: the balances and the merchant's withdrawal rule that applies to them.
        const me = await join.me();
        const rule = me.settings.withdrawal;
        const available = me.account.available;
        const fee = rule.feeBp ? `手续费 ${formatRate(rule.feeBp)}` : '无手续费';
        this.setData({
          status: 'ready',
          available,
          availableText: formatFen(available),
          rule,
          subscribe: me.subscribe,
          ruleText: `最低提现 ${formatFen(rule.minAmount)}，${fee}；提交后由商家审核打款。`,
        });
        this.requote();
      } catch (error) {
        this.setData({ status: 'error', error: messageOf(error) });
      }
      await this.load(true);
    },
    async onConfirmTransfer(event: WechatMiniprogram.BaseEvent) {
      const id = String(event.currentTarget.dataset.id ?? '');
      if (!id || this.data.confirming) return;
      this.setData({ confirming: id });
      try {
        await wallet.receiveTransfer(id);
        wx.showToast({ title: '到账处理中', icon: 'success' });
        await this.reload();
      } catch (error) {
        wx.showToast({ title: messageOf(error), icon: 'none' });
      } finally {
        this.setData({ confirming: '' });
      }
    },
    requote() {
      const text = this.data.amountText;
      this.setData({
        quote: text ? quoteWithdrawal(parseYuan(text), this.data.available, this.data.rule) : null,
      });
    },
    onAmount(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ amountText: e.detail.value });
      this.requote();
    },
    onAll() {
      this.setData({ amountText: yuanDigits(this.data.available) });
      this.requote();
    },
    onSubmit() {
      const amount = parseYuan(this.data.amountText);
      const quote = quoteWithdrawal(amount, this.data.available, this.data.rule);
      if (this.data.submitting) return;
      if (!quote.ok || amount === null) {
        wx.showToast({ title: quote.problem, icon: 'none' });
        return;
      }
      // Inside the tap, before anything is awaited: WeChat shows the notices sheet only then.
      const asked = join.askSubscribe(this.data.subscribe, SUBSCRIBE_MOMENTS.withdraw);
      return this.submit(amount, quote, asked);
    },
    async submit(amount: number, quote: WithdrawQuote, asked: Promise<string[]>) {
      await asked;
      const { confirm } = await wx.showModal({
        title: '确认提现',
        content: `提现 ${formatFen(amount)}，手续费 ${quote.feeText}，实际到账 ${quote.receiveText}`,
      });
      if (!confirm) return;
      this.setData({ submitting: true });
      try {
        await wallet.withdraw(amount);
        wx.showToast({ title: '提现申请已提交', icon: 'success' });
        this.setData({ amountText: '', quote: null });
        await this.reload();
      } catch (error) {
        wx.showToast({ title: messageOf(error), icon: 'none' });
      } finally {
        this.setData({ submitting: false });
      }
    },
  },
});
