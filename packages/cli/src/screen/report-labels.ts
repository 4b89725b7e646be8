import type { Severity, SignalCode } from '@zhengming/engine';

/** Chinese names of the signals for HTML and XLSX reports — neutral words only (docs/SCREENING.md). */
export const SIGNAL_LABELS: Record<SignalCode, string> = {
  COORDINATED_TEXT: '内容高度雷同',
  SAME_SOURCE: '来源相同',
  REPEAT_AFTER_CONCLUSION: '办结后重复反映',
  COSIGNER_DENIED: '联名人否认联名',
  EVIDENCE_REUSED: '证据材料重复出现',
  EVIDENCE_ALTERED: '证据材料有编辑痕迹',
  VOLUME_BURST: '短期集中反映',
  KEY_PERIOD: '关键节点',
  REPEAT_REPORTER: '同一举报人多次反映',
  PRESSURE_LANGUAGE: '附带个人诉求的措辞',
  PRIOR_FALSE_ACCUSER: '举报人此前有经批准的认定记录',
};

/** Chinese names of the severities. */
export const SEVERITY_LABELS: Record<Severity, string> = {
  info: '提示',
  low: '低',
  medium: '中',
  high: '高',
};

/** The reminder every report carries: a signal helps people look; it decides nothing (docs/PRINCIPLES.md, 1). */
export const SIGNAL_DISCLAIMER =
  '本报告中的雷同举报群和异常提示只是帮助人工分析研判的线索，不是对任何举报是否属实、任何举报人意图的认定，也不改变任何举报的优先级和办理时限。';
