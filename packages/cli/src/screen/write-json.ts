import { presentCampaign, presentComplaint, type ScreenResult } from './screen-output.js';
import { openTextFileWriter } from './text-file-writer.js';

/** Complaints serialised per append: one await per complaint costs more than the writing at a million. */
const COMPLAINTS_PER_APPEND = 4096;

/**
 * Writes the JSON output of the batch contract: `{version, campaigns, complaints, stats}`. Written piece by
 * piece, because a million complaints would not fit in one string.
 */
export async function writeJsonReport(outPath: string, result: ScreenResult): Promise<void> {
  const writer = openTextFileWriter(outPath);
  const { report, stats } = result;
  await writer.append(`{"version":${JSON.stringify(report.version)},"campaigns":[`);
  for (const [index, campaign] of report.campaigns.entries()) {
    await writer.append(`${index === 0 ? '\n' : ',\n'}${JSON.stringify(presentCampaign(campaign))}`);
  }
  await writer.append('\n],"complaints":[');
  const { complaints } = report;
  for (let from = 0; from < complaints.length; from += COMPLAINTS_PER_APPEND) {
    const to = Math.min(complaints.length, from + COMPLAINTS_PER_APPEND);
    let piece = '';
    for (let index = from; index < to; index += 1) {
      const complaint = complaints[index];
      if (complaint !== undefined) {
        piece += `${index === 0 ? '\n' : ',\n'}${JSON.stringify(presentComplaint(complaint))}`;
      }
    }
    await writer.append(piece);
  }
  await writer.append(`\n],"stats":${JSON.stringify(stats)}}\n`);
  await writer.close();
}
