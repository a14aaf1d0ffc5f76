// The one initialised wx-server-sdk: every SDK use in core/ goes through here.
import cloud from 'wx-server-sdk';

let initialised = false;

export function initCloud(): typeof cloud {
  if (!initialised) {
    // The typings declare a string, but the SDK exports a symbol that resolves to the running env.
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
    initialised = true;
  }
  return cloud;
}
