// Merchant: distributors by status (待审核 / 分销员 / 已冻结 / 全部) with search, review, freeze and unfreeze.
import * as admin from '../../../services/admin';
import type { AdminUser } from '../../../services/admin';
import { changeRow, footerText, initialList, withRows } from '../../../utils/list';
import { listPage, mapPage, runAction } from '../../../utils/paged';
import { tabOf } from '../../../utils/status';
import {
  belongsToTab,
  checkRejectReason,
  DISTRIBUTOR_TABS,
  distributorRow,
  distributorRows,
  DistributorRow,
  DistributorTab,
  freezeConfirm,
  listFilter,
} from './logic';

const paging = listPage<DistributorRow>();

Component({
  data: {
    tabs: DISTRIBUTOR_TABS,
    tab: 'pending' as DistributorTab,
    /** What is in the search box. */
    search: '',
    /** The search the list was loaded with. */
    query: '',
    ...paging.data,
    rejectingId: '',
    rejectReason: '',
    acting: false,
  },
  methods: {
    ...paging.methods,
    retry: paging.methods.retry,
    onLoad(options?: Record<string, string | undefined>) {
      this.setData({ tab: tabOf(DISTRIBUTOR_TABS, options?.status, 'pending') });
      this.load(true);
    },
    async fetchPage(cursor: string | null) {
      // Starting over closes an open reject form (its row may be gone).
      if (!cursor) this.setData({ rejectingId: '', rejectReason: '' });
      return mapPage(
        await admin.listDistributors(listFilter(this.data.tab, this.data.query), cursor),
        distributorRows,
      );
    },
    onTab(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const tab = tabOf(DISTRIBUTOR_TABS, e.detail.value, 'all');
      if (tab === this.data.tab && this.data.list.status !== 'error') return;
      this.setData({ tab, list: initialList<DistributorRow>() });
      return this.load(true);
    },
    onSearchChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const value = e.detail.value ?? '';
      this.setData({ search: value });
      // Emptying the box drops the search at once.
      if (!value.trim() && this.data.query) return this.search('');
    },
    onSearch(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const value = e.detail?.value ?? this.data.search;
      this.setData({ search: value });
      return this.search(value.trim());
    },
    onClearSearch() {
      this.setData({ search: '' });
      // The clear icon may also fire change(''), which already dropped the search.
      if (this.data.query) return this.search('');
    },
    search(query: string) {
      this.setData({ query, list: initialList<DistributorRow>() });
      return this.load(true);
    },
    onOpen(e: WechatMiniprogram.BaseEvent) {
      const id = e.currentTarget.dataset.id as string;
      wx.navigateTo({ url: `/pages/admin/distributor/index?id=${encodeURIComponent(id)}` });
    },
    /** Swallows taps on a row's buttons and reason box so they do not open the row. */
    noop() {},
    async onAction(e: WechatMiniprogram.BaseEvent) {
      const { id, action } = e.currentTarget.dataset as { id: string; action: string };
      switch (action) {
        case 'approve':
          return this.act(() => admin.reviewDistributor(id, true), '已通过');
        case 'reject':
          this.setData({ rejectingId: id, rejectReason: '' });
          return;
        case 'freeze': {
          const { title, content } = freezeConfirm(this.rowOf(id)?.nickname ?? '');
          const answer = await wx.showModal({ title, content, confirmText: '冻结', confirmColor: '#e34d59' });
          if (!answer.confirm) return;
          return this.act(() => admin.freezeDistributor(id, true), '已冻结');
        }
        case 'unfreeze':
          return this.act(() => admin.freezeDistributor(id, false), '已解冻');
      }
    },
    onRejectReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ rejectReason: e.detail.value ?? '' });
    },
    onRejectCancel() {
      this.setData({ rejectingId: '', rejectReason: '' });
    },
    async onRejectConfirm() {
      const id = this.data.rejectingId;
      if (!id) return;
      const checked = checkRejectReason(this.data.rejectReason);
      if (!checked.ok) {
        wx.showToast({ title: checked.problem, icon: 'none' });
        return;
      }
      const done = await this.act(() => admin.reviewDistributor(id, false, checked.value), '已拒绝');
      if (done) this.setData({ rejectingId: '', rejectReason: '' });
    },
    /** Runs one action at a time; the changed user replaces its row, or leaves a tab it no longer belongs to. */
    async act(run: () => Promise<{ user: AdminUser }>, done: string): Promise<boolean> {
      const answer = await runAction(this, 'acting', run, done);
      if (answer) this.applyUser(answer.user);
      return !!answer;
    },
    applyUser(user: AdminUser) {
      const list = this.data.list;
      const keep = belongsToTab(this.data.tab, user.distributor?.status);
      const items = changeRow(
        list.items,
        user._id,
        () => distributorRow(user),
        () => keep,
      );
      this.setData({ list: withRows(list, items) });
      this.setData({ footer: footerText(this.data.list) });
    },
  },
});
