// The merchant's rules: distribution mode and rates, how one becomes a distributor, binding, self-purchase,
// the cap, the after-sale window, withdrawals, shipping, grades and admins, and WeChat's platform services
// (发货信息管理, 订阅消息 templates, parcel routes, the version a poster opens, how long exports are kept).
// While the merchant types, the preview says what a 100 yuan order would pay each level under the edited
// rules, and what contradicts.
import * as admin from '../../../services/admin';
import { getConfig } from '../../../services/client';
import { messageOf } from '../../../services/errors';
import { chooseImages, pickFailure } from '../../../utils/media';
import { toastError } from '../../../utils/paged';
import type { PickedUser } from '../components/user-picker/type';
import { usersOf } from '../users';
import {
  BINDING_MODES,
  CODE_ENV_VERSIONS,
  emptyBanner,
  emptyGrade,
  MAX_BANNERS,
  formFromSettings,
  JOIN_MODES,
  NOTICE_EVENTS,
  PAYOUT_MODES,
  SettingsForm,
  settingsFromForm,
  TRACKING_PROVIDERS,
  UPGRADE_METRICS,
} from './logic';

/** Typing pauses this long before the preview is asked for. */
const PREVIEW_DELAY_MS = 400;
let previewTimer: number | undefined;

Component({
  data: {
    status: 'loading' as 'loading' | 'ready' | 'error',
    error: '',
    form: null as SettingsForm | null,
    errors: {} as Record<string, string>,
    preview: [] as string[],
    problems: [] as string[],
    saving: false,
    dirty: false,
    joinModes: JOIN_MODES,
    bindingModes: BINDING_MODES,
    payoutModes: PAYOUT_MODES,
    metrics: UPGRADE_METRICS,
    noticeEvents: NOTICE_EVENTS,
    trackingProviders: TRACKING_PROVIDERS,
    codeEnvVersions: CODE_ENV_VERSIONS,
    previewSeq: 0,
    /** The admins as people: nickname (or 未知用户) and invite code, by openid. */
    adminRows: [] as { id: string; name: string; detail: string }[],
    /** The products a banner may open: 「不跳转」 first, then the products on sale. */
    productOptions: [{ id: '', name: '不跳转' }] as { id: string; name: string }[],
    productNames: ['不跳转'] as string[],
    /** Each banner's product, by name, and its index in productOptions (for the picker). */
    bannerProducts: [] as { name: string; index: number }[],
    maxBanners: MAX_BANNERS,
    canUpload: false,
  },
  lifetimes: {
    detached() {
      if (previewTimer !== undefined) clearTimeout(previewTimer);
    },
  },
  methods: {
    onLoad() {
      this.setData({ canUpload: getConfig().mode === 'cloud' });
      this.load();
      this.loadProducts();
    },
    async load() {
      this.setData({ status: 'loading', error: '' });
      try {
        const { settings } = await admin.getSettings();
        this.setData({ status: 'ready', form: formFromSettings(settings), errors: {}, dirty: false });
        this.refreshPreview();
        this.showBannerProducts();
        this.showAdmins();
      } catch (error) {
        this.setData({ status: 'error', error: messageOf(error) });
      }
    },
    /** The products on sale a banner may open (the first page is plenty for a choice of five). */
    async loadProducts() {
      try {
        const { items } = await admin.listProducts({ status: 'on' });
        const options = [{ id: '', name: '不跳转' }, ...items.map((p) => ({ id: p._id, name: p.name }))];
        this.setData({ productOptions: options, productNames: options.map((o) => o.name) });
        this.showBannerProducts();
      } catch {
        // Banners can still be saved without a product.
      }
    },
    showBannerProducts() {
      const form = this.data.form;
      if (!form) return;
      const options = this.data.productOptions;
      this.setData({
        bannerProducts: form.banners.map((b) => {
          const index = options.findIndex((o) => o.id === b.productId);
          return {
            name: index >= 0 ? options[index]!.name : b.productId ? '（已下架的商品）' : '不跳转',
            index: Math.max(0, index),
          };
        }),
      });
    },
    /** Who the admins are, by nickname: an openid alone says nothing to a merchant. */
    async showAdmins() {
      const ids = this.data.form?.admins ?? [];
      const users = await usersOf(ids);
      this.setData({
        adminRows: ids.map((id) => {
          const user = users.get(id);
          return {
            id,
            name: user?.nickname || '未知用户',
            detail: user?.distributor?.code ? `邀请码 ${user.distributor.code}` : id,
          };
        }),
      });
    },
    onAddBanner() {
      const form = this.data.form;
      if (!form || form.banners.length >= MAX_BANNERS) return;
      this.setData({ 'form.banners': [...form.banners, emptyBanner(form.banners)], dirty: true });
      this.showBannerProducts();
    },
    onRemoveBanner(e: WechatMiniprogram.TouchEvent) {
      const form = this.data.form;
      if (!form) return;
      const index = Number(e.currentTarget.dataset.index);
      this.setData({ 'form.banners': form.banners.filter((_, i) => i !== index), dirty: true, errors: {} });
      this.showBannerProducts();
    },
    onBannerProduct(e: WechatMiniprogram.CustomEvent<{ value: string | number }>) {
      const index = Number(e.currentTarget.dataset.index);
      const option = this.data.productOptions[Number(e.detail.value)];
      if (!this.data.form?.banners[index] || !option) return;
      this.setData({ [`form.banners[${index}].productId`]: option.id, dirty: true });
      this.showBannerProducts();
    },
    /** On the real cloud a picture can be uploaded; its fileID (cloud://…) is the banner's address. */
    async onBannerUpload(e: WechatMiniprogram.TouchEvent) {
      const index = Number(e.currentTarget.dataset.index);
      if (!this.data.canUpload) {
        wx.showToast({ title: '本地模式不能上传，请粘贴图片地址', icon: 'none' });
        return;
      }
      try {
        const [fileID] = await chooseImages('banners', 1);
        if (!fileID) return;
        this.setData({
          [`form.banners[${index}].image`]: fileID,
          errors: { ...this.data.errors, [`banners.${index}.image`]: '' },
          dirty: true,
        });
      } catch (error) {
        const problem = pickFailure(error, '图片上传失败，请重试');
        if (problem) wx.showToast({ title: problem, icon: 'none' });
      }
    },
    /** Every input names its form path in data-field (`level1`, `grades.0.name`); the value replaces it. */
    onField(e: WechatMiniprogram.CustomEvent<{ value: unknown; checked?: boolean }>) {
      const field = String(e.currentTarget.dataset.field ?? '');
      if (!field || !this.data.form) return;
      // setData addresses array items as grades[0].name; error keys keep the dotted form (grades.0.name).
      const path = field.replace(/\.(\d+)/g, '[$1]');
      // Error keys hold dots (grades.0.name): the errors object is replaced, not addressed by a path.
      this.setData({
        [`form.${path}`]: e.detail.value,
        errors: { ...this.data.errors, [field]: '' },
        dirty: true,
      });
      this.schedulePreview();
    },
    onAddGrade() {
      const form = this.data.form;
      if (!form || form.grades.length >= 10) return;
      this.setData({ 'form.grades': [...form.grades, emptyGrade(form.grades)], dirty: true });
    },
    onRemoveGrade(e: WechatMiniprogram.TouchEvent) {
      const form = this.data.form;
      if (!form) return;
      const index = Number(e.currentTarget.dataset.index);
      this.setData({ 'form.grades': form.grades.filter((_, i) => i !== index), dirty: true, errors: {} });
      this.schedulePreview();
    },
    /** An admin picked by nickname or invite code in the search (<user-picker>). */
    onPickAdmin(e: WechatMiniprogram.CustomEvent<PickedUser>) {
      const form = this.data.form;
      const id = e.detail?._id;
      if (!form || !id) return;
      if (form.admins.includes(id)) {
        wx.showToast({ title: '已经是管理员', icon: 'none' });
        return;
      }
      this.setData({ 'form.admins': [...form.admins, id], dirty: true });
      this.showAdmins();
    },
    onRemoveAdmin(e: WechatMiniprogram.TouchEvent) {
      const form = this.data.form;
      if (!form) return;
      const index = Number(e.currentTarget.dataset.index);
      this.setData({ 'form.admins': form.admins.filter((_, i) => i !== index), dirty: true });
      this.showAdmins();
    },
    schedulePreview() {
      if (previewTimer !== undefined) clearTimeout(previewTimer);
      previewTimer = setTimeout(() => this.refreshPreview(), PREVIEW_DELAY_MS);
    },
    /** The preview of the edited rules; while a field cannot be read, the last preview stays. */
    async refreshPreview() {
      const form = this.data.form;
      if (!form) return;
      const { patch } = settingsFromForm(form);
      if (!patch) return;
      const seq = this.data.previewSeq + 1;
      this.setData({ previewSeq: seq });
      try {
        const preview = await admin.previewSettings(patch);
        if (this.data.previewSeq !== seq) return;
        this.setData({ preview: preview.text, problems: preview.problems });
      } catch {
        // The preview only explains; saving reports any real error.
      }
    },
    async onSave() {
      const form = this.data.form;
      if (!form || this.data.saving) return;
      const { errors, patch } = settingsFromForm(form);
      if (!patch) {
        this.setData({ errors });
        wx.showToast({ title: '请先改正标红的内容', icon: 'none' });
        return;
      }
      this.setData({ saving: true, errors: {} });
      try {
        const { settings } = await admin.updateSettings(patch);
        this.setData({ form: formFromSettings(settings), dirty: false });
        this.showBannerProducts();
        wx.showToast({ title: '已保存', icon: 'success' });
        this.refreshPreview();
      } catch (error) {
        toastError(error);
      } finally {
        this.setData({ saving: false });
      }
    },
  },
});
