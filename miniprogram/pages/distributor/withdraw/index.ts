// Withdraw: the minimum and the fee shown before confirming; the request carries a client request id. Asking to
// withdraw also asks to be told of the result (and of a 商家转账 to confirm).
import { messageOf } from '../../../services/errors';
import * as join from '../../../services/join';
import * as wallet from '../../../services/wallet';
import { footerText, initialList, ListState } from '../../../utils/list';
import { formatFen, parseYuan } from '../../../utils/money';
import { loadList } from '../../../utils/paged';
import { SUBSCRIBE_MOMENTS } from '../../../utils/subscribe';
import type { SubscribeTemplates } from '../../../services/api';
import { quoteWithdrawal, WithdrawQuote, withdrawalView } from '../logic';

type WithdrawalRow = ReturnType<typeof withdrawalView>[number];

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
    list: initialList<WithdrawalRow>() as ListState<WithdrawalRow>,
    footer: '',
  },
  methods: {
    onLoad() {
      this.load();
    },
    onPullDownRefresh() {
      this.load();
    },
    onReachBottom() {
      this.loadHistory(false);
    },
    async load() {
      this.setData({ status: this.data.status === 'ready' ? 'ready' : 'loading', error: '' });
      try {
        // One call: the balances and the merchant's withdrawal rule that applies to them.
        const me = await join.me();
        const rule = me.settings.withdrawal;
        const available = me.account.available;
        const fee = rule.feeBp ? `手续费 ${Number((rule.feeBp / 100).toFixed(2))}%` : '无手续费';
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
      await this.loadHistory(true);
    },
    async onConfirmTransfer(event: WechatMiniprogram.BaseEvent) {
      const id = String(event.currentTarget.dataset.id ?? '');
      if (!id || this.data.confirming) return;
      this.setData({ confirming: id });
      try {
        await wallet.receiveTransfer(id);
        wx.showToast({ title: '到账处理中', icon: 'success' });
        await this.load();
      } catch (error) {
        wx.showToast({ title: messageOf(error), icon: 'none' });
      } finally {
        this.setData({ confirming: '' });
      }
    },
    async loadHistory(replace: boolean) {
      await loadList<WithdrawalRow>(
        this,
        'list',
        async (cursor) => {
          const page = await wallet.withdrawals(cursor);
          return { items: withdrawalView(page.items), next: page.next };
        },
        replace,
      );
      this.setData({ footer: footerText(this.data.list) });
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
      this.setData({ amountText: (this.data.available / 100).toFixed(2) });
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
        await this.load();
      } catch (error) {
        wx.showToast({ title: messageOf(error), icon: 'none' });
      } finally {
        this.setData({ submitting: false });
      }
    },
    onFooterTap() {
      if (this.data.list.moreError) this.loadHistory(false);
    },
  },
});
