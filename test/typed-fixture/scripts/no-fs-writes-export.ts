// A helper kept under scripts/ (a tool by its path) that service code calls per request.
import fs from 'node:fs/promises';

export async function writeReport(name: string, body: string): Promise<void> {
  await fs.writeFile(`reports/${name}.csv`, body);
}

export interface Archive {
  store(name: string, body: string): Promise<void>;
}

export class DiskArchive implements Archive {
  async store(name: string, body: string): Promise<void> {
    await writeReport(name, body);
  }
}

export function archive(): Archive {
  return new DiskArchive();
}
