import type { ThemeConfig } from 'antd';

/** A sober theme: the deep red of official documents as primary colour, system fonts with CJK fallbacks. */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#b71c1c',
    colorLink: '#a31515',
    borderRadius: 4,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { headerBg: '#8e1616', headerHeight: 56, headerPadding: '0 20px', siderBg: '#ffffff' },
  },
};
