// Props and event of <user-picker>: the merchant finds a user by nickname, invite code or openid and picks one.
export interface UserPickerProps {
  /** The search box's hint; default 「搜索昵称、邀请码或 openid」. */
  placeholder: string;
  /** The button on each found user; default 「选择」. */
  actionText: string;
  /** Users that cannot be picked (already chosen), shown with 「已选」; default []. */
  excludeIds: string[];
}

export const USER_PICKER_DEFAULTS: UserPickerProps = {
  placeholder: '搜索昵称、邀请码或 openid',
  actionText: '选择',
  excludeIds: [],
};

/** detail of the `pick` event. */
export interface PickedUser {
  _id: string;
  nickname: string;
  code: string;
}
