// Props of <user-avatar>: a person's picture, or the first character of their nickname when there is none.
export interface UserAvatarProps {
  /** The picture (https:// or cloud://); default '' shows the initial. */
  src: string;
  /** Whose avatar: its first character stands in for a missing picture; default ''. */
  nickname: string;
  /** Diameter in rpx; default 80. */
  size: number;
}

export const USER_AVATAR_DEFAULTS: UserAvatarProps = { src: '', nickname: '', size: 80 };
