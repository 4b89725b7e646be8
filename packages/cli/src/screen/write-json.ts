import { presentCampaign, presentComplaint, type ScreenResult } from './screen-output.js';
import { openTextFileWriter } from './text-file-writer.js';

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
  for (const [index, complaint] of report.complaints.entries()) {
    await writer.append(`${index === 0 ? '\n' : ',\n'}${JSON.stringify(presentComplaint(complaint))}`);
  }
  await writer.append(`\n],"stats":${JSON.stringify(stats)}}\n`);
  await writer.close();
}
