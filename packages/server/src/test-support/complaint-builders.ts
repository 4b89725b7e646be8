import type { CreateComplaintInput } from '@zhengming/contracts';

/** A complaint row as a file or another system would send it (the batch contract), with test defaults. */
export function buildComplaintInput(overrides: Partial<CreateComplaintInput> = {}): CreateComplaintInput {
  return {
    receivedAt: '2026-03-02T09:30',
    channel: 'letter',
    anonymous: false,
    reporter: { name: '贾明远', phone: '13912345678', address: '东湖镇红星村5组12号', unit: '红星村村民' },
    subjects: [{ name: '王建国', unit: '红星村村委会', position: '村委会主任' }],
    text: '我是贾明远，电话13912345678。反映红星村村委会主任王建国在2025年修路工程中虚报工程款十二万元。',
    ...overrides,
  };
}
